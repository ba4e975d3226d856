import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, rounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';

const login = (user: Record<string, unknown>) => request('POST /api/users/login', { body: { user } });

describe('POST /api/users/login', () => {
  it('answers 200 with the user and a token that authenticates', async () => {
    const user = await registerFreshUser('login');
    const response = await login({ email: user.email, password: user.password });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: user.username, email: user.email, bio: null, image: null });
    const current = await request('GET /api/user', { token: response.body.user.token });
    expect(current.status).toBe(200);
    expect(current.body.user.username).toBe(user.username);
  });

  it('accepts the email in any letter case', async () => {
    const user = await registerFreshUser('login');
    const response = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(response.status).toBe(200);
    expect(response.body.user.username).toBe(user.username);
  });

  it('answers 401 errors.credentials on a wrong password', async () => {
    const user = await registerFreshUser('login');
    const response = await login({ email: user.email, password: `${user.password}!` });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { credentials: ['invalid'] } });
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const response = await login({ email: 'nobody-at-all@example.com', password: 'whatever password' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { credentials: ['invalid'] } });
  });

  it('answers 422 "can\'t be blank" on a blank email or password', async () => {
    const blankEmail = await login({ email: '', password: 'password123' });
    const blankPassword = await login({ email: 'someone@example.com', password: '' });
    expect(blankEmail.status).toBe(422);
    expect(blankEmail.body.errors.email[0]).toBe("can't be blank");
    expect(blankPassword.status).toBe(422);
    expect(blankPassword.body.errors.password[0]).toBe("can't be blank");
  });

  describe('call budget', () => {
    it('reads the email claim, then the user: two GetItem round trips, no scan', async () => {
      const user = await registerFreshUser('budget');
      const { result, calls } = await measured(() => login({ email: user.email, password: user.password }));
      expect(result.status).toBe(200);
      // The lockout read (account and address failures, one BatchGetItem) comes first: a locked attempt hashes nothing.
      expect(rounds(calls.calls)).toEqual([['BatchGetItem'], ['GetItem'], ['GetItem']]);
      expect(calls.roundTrips).toBe(3);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('POST /api/users/login', calls);
    });

    it('reads only the email claim for an unknown email', async () => {
      const { result, calls } = await measured(() => login({ email: 'nobody-at-all@example.com', password: 'whatever password' }));
      expect(result.status).toBe(401);
      // Then the failure is counted against the account and the address, one conditional UpdateItem each.
      expect(rounds(calls.calls)).toEqual([['BatchGetItem'], ['GetItem'], ['UpdateItem', 'UpdateItem']]);
      expect(calls.countOf('Scan')).toBe(0);
    });
  });
});
