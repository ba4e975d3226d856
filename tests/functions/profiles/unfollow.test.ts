import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const unfollow = (token: string, username: string) => request('DELETE /api/profiles/{username}/follow', { token, pathParameters: { username } });

describe('DELETE /api/profiles/{username}/follow', () => {
  it('answers the profile not followed, and the profile shows it afterwards', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const response = await unfollow(reader.token, author.username);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ profile: { username: author.username, bio: null, image: null, following: false } });
    const seen = await request('GET /api/profiles/{username}', { token: reader.token, pathParameters: { username: author.username } });
    expect(seen.body.profile.following).toBe(false);
  });

  it('unfollowing someone not followed answers 200 not followed and changes nothing', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const first = await unfollow(reader.token, author.username);
    const second = await unfollow(reader.token, author.username);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.body.profile.following).toBe(false);
    }
  });

  it('answers 404 errors.profile for an unknown username', async () => {
    const reader = await registerFreshUser('reader');
    const response = await unfollow(reader.token, 'nobody_by_that_name');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { profile: ['not found'] } });
  });

  it('answers 401 without a token', async () => {
    const response = await request('DELETE /api/profiles/{username}/follow', { pathParameters: { username: 'anyone' } });
    expect(response.status).toBe(401);
  });

  describe('call budget', () => {
    it('reads the username claim, then writes one transaction beside the author read: two round trips', async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
      const { result, calls } = await measured(() => unfollow(reader.token, author.username));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({
        rounds: [['GetItem'], ['GetItem', 'TransactWriteItems']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(1);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('DELETE /api/profiles/{username}/follow', calls);
    });
  });
});
