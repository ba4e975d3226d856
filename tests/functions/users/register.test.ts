import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/unique.ts';
import { registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, rounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';

const PASSWORD = 'correct horse battery staple';
const register = (user: Record<string, unknown>) => request('POST /api/users', { body: { user } });
const freshCredentials = (prefix = 'reg') => {
  const username = uniqueName(prefix);
  return { username, email: `${username}@example.com`, password: PASSWORD };
};

describe('POST /api/users', () => {
  it('registers a user and answers 201 with a token and null bio and image', async () => {
    const credentials = freshCredentials();
    const response = await register(credentials);
    expect(response.status).toBe(201);
    expect(response.body.user).toEqual({ username: credentials.username, email: credentials.email, bio: null, image: null, token: expect.any(String) });
  });

  it('answers 409 on a taken username', async () => {
    const taken = await registerFreshUser('taken');
    const response = await register({ ...freshCredentials(), username: taken.username });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { username: ['has already been taken'] } });
  });

  it('answers 409 on a taken username spelled in other letter case', async () => {
    const taken = await registerFreshUser('taken');
    const response = await register({ ...freshCredentials(), username: taken.username.toUpperCase() });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { username: ['has already been taken'] } });
  });

  it('answers 409 on a taken email, whatever its letter case', async () => {
    const taken = await registerFreshUser('taken');
    const exact = await register({ ...freshCredentials(), email: taken.email });
    const shouted = await register({ ...freshCredentials(), email: taken.email.toUpperCase() });
    expect(exact.status).toBe(409);
    expect(exact.body).toEqual({ errors: { email: ['has already been taken'] } });
    expect(shouted.status).toBe(409);
    expect(shouted.body).toEqual({ errors: { email: ['has already been taken'] } });
  });

  it('names both fields when username and email are both taken', async () => {
    const taken = await registerFreshUser('taken');
    const response = await register({ username: taken.username, email: taken.email, password: PASSWORD });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { username: ['has already been taken'], email: ['has already been taken'] } });
  });

  it('lets only one of two simultaneous registrations of the same username through', async () => {
    const username = uniqueName('race');
    const responses = await Promise.all(['a', 'b'].map((suffix) => register({ username, email: `${username}.${suffix}@example.com`, password: PASSWORD })));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['7 characters', 'x'.repeat(7), 'is too short (minimum is 8 characters)'],
    ['257 characters', 'x'.repeat(257), 'is too long (maximum is 256 characters)'],
  ])('refuses a password of %s with 422 on password', async (_, password, message) => {
    const response = await register({ ...freshCredentials(), password });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { password: [message] } });
  });

  it.each([
    ['8 characters', 'x'.repeat(8)],
    ['256 characters', 'x'.repeat(256)],
  ])('accepts a password of %s', async (_, password) => {
    const response = await register({ ...freshCredentials(), password });
    expect(response.status).toBe(201);
  });

  it('answers 422 naming each blank field, "can\'t be blank" first', async () => {
    const response = await register({ username: '', email: '  ', password: '' });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['email', 'password', 'username']);
    for (const field of ['username', 'email', 'password']) expect(response.body.errors[field][0]).toBe("can't be blank");
  });

  it('answers 422 on the user field when the wrapper object is missing', async () => {
    const response = await request('POST /api/users', { body: {} });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { user: ["can't be blank"] } });
  });

  it('answers 422 on an email without an @', async () => {
    const response = await register({ ...freshCredentials(), email: 'not-an-email' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('email');
  });

  it('answers 422 on a username with spaces', async () => {
    const response = await register({ ...freshCredentials(), username: 'two words' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('username');
  });

  describe('call budget', () => {
    it('is one TransactWriteItems in one round trip, and never scans', async () => {
      const credentials = freshCredentials('budget');
      const { result, calls: recorded } = await measured(() => register(credentials));
      expect(result.status).toBe(201);
      // The per-address registration limit's counter (one conditional UpdateItem) comes first.
      expect(rounds(recorded.calls)).toEqual([['UpdateItem'], ['TransactWriteItems']]);
      expect(recorded.roundTrips).toBe(2);
      expect(recorded.countOf('Scan')).toBe(0);
      noteBudget('POST /api/users', recorded);
    });
  });
});
