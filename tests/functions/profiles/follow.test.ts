import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { outboxMessages } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const follow = (token: string, username: string) => request('POST /api/profiles/{username}/follow', { token, pathParameters: { username } });

describe('POST /api/profiles/{username}/follow', () => {
  it('answers the profile followed, and the profile shows it afterwards', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const response = await follow(reader.token, author.username);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ profile: { username: author.username, bio: null, image: null, following: true } });
    const seen = await request('GET /api/profiles/{username}', { token: reader.token, pathParameters: { username: author.username } });
    expect(seen.body.profile.following).toBe(true);
  });

  it('following twice is the same as once, and asks for one feed back-fill', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    await follow(reader.token, author.username);
    const again = await follow(reader.token, author.username);
    expect(again.status).toBe(200);
    expect(again.body.profile.following).toBe(true);
    const [readerId, authorId] = [userIdOf(reader.token), userIdOf(author.token)];
    const backfills = await outboxMessages('follows', 'UserFollowed', (event) => event.readerId === readerId && event.authorId === authorId);
    expect(backfills).toHaveLength(1);
    await request('DELETE /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const seen = await request('GET /api/profiles/{username}', { token: reader.token, pathParameters: { username: author.username } });
    expect(seen.body.profile.following).toBe(false);
  });

  it('answers 422 errors.profile to following yourself, and follows nothing', async () => {
    const user = await registerFreshUser('self');
    const response = await follow(user.token, user.username);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual(['profile']);
    const seen = await request('GET /api/profiles/{username}', { token: user.token, pathParameters: { username: user.username } });
    expect(seen.body.profile.following).toBe(false);
  });

  it('answers 404 errors.profile for an unknown username', async () => {
    const reader = await registerFreshUser('reader');
    const response = await follow(reader.token, 'nobody_by_that_name');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { profile: ['not found'] } });
  });

  it('answers 401 without a token', async () => {
    const response = await request('POST /api/profiles/{username}/follow', { pathParameters: { username: 'anyone' } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  describe('call budget', () => {
    it('reads the username claim, then writes one transaction beside the author read: two round trips', async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const { result, calls } = await measured(() => follow(reader.token, author.username));
      expect(result.status).toBe(200);
      // The per-user write limit's counter (one conditional UpdateItem) comes first: a refused write must not happen.
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({
        rounds: [['UpdateItem'], ['GetItem'], ['GetItem', 'TransactWriteItems']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(2);
      expect(readRoundsBeforeWrite(calls)).toBe(0);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('POST /api/profiles/{username}/follow', calls);
    });

    it('refuses following yourself after one read, writing nothing', async () => {
      const user = await registerFreshUser('budget');
      const { calls } = await measured(() => follow(user.token, user.username));
      expect(signedInRounds(calls.calls, userIdOf(user.token))).toEqual({ rounds: [['UpdateItem'], ['GetItem']], sessionRead: 'in round 1' });
    });
  });
});
