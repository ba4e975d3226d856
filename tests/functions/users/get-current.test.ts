import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, rounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';

describe('GET /api/user', () => {
  it('answers the current user with the token presented, not a fresh one', async () => {
    const user = await registerFreshUser('current');
    const response = await request('GET /api/user', { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({ username: user.username, email: user.email, bio: null, image: null, token: user.token });
  });

  it('answers 401 errors.token "is missing" without a token', async () => {
    const response = await request('GET /api/user');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  it('accepts the token as Authorization: Bearer', async () => {
    const user = await registerFreshUser('bearer');
    const response = await request('GET /api/user', { headers: { authorization: `Bearer ${user.token}` } });
    expect(response.status).toBe(200);
    expect(response.body.user.username).toBe(user.username);
  });

  describe('call budget', () => {
    it('is one GetItem of the user, no scan', async () => {
      const user = await registerFreshUser('budget');
      const { result, calls } = await measured(() => request('GET /api/user', { token: user.token }));
      expect(result.status).toBe(200);
      expect(rounds(calls.calls)).toEqual([['GetItem']]);
      expect(calls.roundTrips).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/user', calls);
    });
  });
});
