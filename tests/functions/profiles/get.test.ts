import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, rounds, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const profile = (username: string, token?: string) => request('GET /api/profiles/{username}', { pathParameters: { username }, token });

describe('GET /api/profiles/{username}', () => {
  it('shows an anonymous reader the profile, not followed', async () => {
    const user = await registerFreshUser('profile');
    const response = await profile(user.username);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ profile: { username: user.username, bio: null, image: null, following: false } });
  });

  it('shows a follower that they follow', async () => {
    const [user, follower] = await Promise.all([registerFreshUser('profile'), registerFreshUser('follower')]);
    await request('POST /api/profiles/{username}/follow', { token: follower.token, pathParameters: { username: user.username } });
    expect((await profile(user.username, follower.token)).body.profile.following).toBe(true);
    expect((await profile(user.username, user.token)).body.profile.following).toBe(false);
  });

  it('finds the user whatever the letter case, and answers the stored spelling', async () => {
    const user = await registerFreshUser('Profile');
    const response = await profile(user.username.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.body.profile.username).toBe(user.username);
  });

  it('answers 404 errors.profile for an unknown username', async () => {
    const response = await profile('nobody_by_that_name');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { profile: ['not found'] } });
  });

  it.each(['a b', '%', '..', 'x'.repeat(201)])('answers 404 or 422, never 500, for the username %j', async (username) => {
    const response = await profile(username);
    expect([404, 422]).toContain(response.status);
  });

  describe('call budget', () => {
    it('reads the username claim, then the user and follow edge in one BatchGetItem: two round trips, no scan', async () => {
      const [user, reader] = await Promise.all([registerFreshUser('profile'), registerFreshUser('budget')]);
      const { result, calls } = await measured(() => profile(user.username, reader.token));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({ rounds: [['GetItem'], ['BatchGetItem']], sessionRead: 'in round 1' });
      // The session read overlaps the rounds: it can merge two into one, never add one.
      expect(calls.roundTrips).toBeLessThanOrEqual(2);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/profiles/{username}', calls);
    });

    it('is one round trip for an unknown username', async () => {
      const { calls } = await measured(() => profile('nobody_by_that_name'));
      expect(rounds(calls.calls)).toEqual([['GetItem']]);
    });
  });
});
