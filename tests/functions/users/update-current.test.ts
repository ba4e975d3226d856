import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/unique.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { measured, noteBudget, readRoundsBeforeWrite, rounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';

const update = (token: string, user: Record<string, unknown>) => request('PUT /api/user', { token, body: { user } });

describe('PUT /api/user', () => {
  it('changes bio and image and answers the updated user', async () => {
    const user = await registerFreshUser('upd');
    const response = await update(user.token, { bio: 'I like dragons', image: 'https://example.com/me.png' });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: user.username, bio: 'I like dragons', image: 'https://example.com/me.png' });
    const profile = await request('GET /api/profiles/{username}', { pathParameters: { username: user.username } });
    expect(profile.body.profile).toMatchObject({ bio: 'I like dragons', image: 'https://example.com/me.png' });
  });

  it('stores "" for bio and image as null', async () => {
    const user = await registerFreshUser('upd');
    await update(user.token, { bio: 'something', image: 'https://example.com/me.png' });
    const response = await update(user.token, { bio: '', image: '' });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ bio: null, image: null });
    const current = await request('GET /api/user', { token: user.token });
    expect(current.body.user).toMatchObject({ bio: null, image: null });
  });

  it('accepts null for bio and image', async () => {
    const user = await registerFreshUser('upd');
    const response = await update(user.token, { bio: null, image: null });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ bio: null, image: null });
  });

  it('answers 409 when the new username is taken, in any letter case, and changes nothing', async () => {
    const [user, other] = await Promise.all([registerFreshUser('upd'), registerFreshUser('other')]);
    const response = await update(user.token, { username: other.username.toUpperCase(), bio: 'should not stick' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { username: ['has already been taken'] } });
    const current = await request('GET /api/user', { token: user.token });
    expect(current.body.user).toMatchObject({ username: user.username, bio: null });
  });

  it('answers 409 when the new email is taken, in any letter case', async () => {
    const [user, other] = await Promise.all([registerFreshUser('upd'), registerFreshUser('other')]);
    const response = await update(user.token, { email: other.email.toUpperCase() });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { email: ['has already been taken'] } });
  });

  it('lets a user change the letter case of their own email', async () => {
    const user = await registerFreshUser('upd');
    const response = await update(user.token, { email: user.email.toUpperCase() });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(user.email.toUpperCase());
  });

  it('renaming frees the old username for someone else', async () => {
    const user = await registerFreshUser('upd');
    const renamed = await update(user.token, { username: uniqueName('renamed') });
    expect(renamed.status).toBe(200);
    const reuse = await request('POST /api/users', {
      body: { user: { username: user.username, email: `${uniqueName('reuse')}@example.com`, password: 'another long password' } },
    });
    expect(reuse.status).toBe(201);
    expect(reuse.body.user.username).toBe(user.username);
  });

  it('renaming makes the old username an unknown profile and the new one the user', async () => {
    const user = await registerFreshUser('upd');
    const newName = uniqueName('renamed');
    await update(user.token, { username: newName });
    const old = await request('GET /api/profiles/{username}', { pathParameters: { username: user.username } });
    const renamed = await request('GET /api/profiles/{username}', { pathParameters: { username: newName } });
    expect(old.status).toBe(404);
    expect(renamed.status).toBe(200);
    expect(renamed.body.profile.username).toBe(newName);
  });

  it('keeps the token issued before a rename working', async () => {
    const user = await registerFreshUser('upd');
    const newName = uniqueName('renamed');
    const newEmail = `${newName}@example.com`;
    expect((await update(user.token, { username: newName, email: newEmail })).status).toBe(200);
    const current = await request('GET /api/user', { token: user.token });
    expect(current.status).toBe(200);
    expect(current.body.user).toMatchObject({ username: newName, email: newEmail });
  });

  it('changing email frees the old one and logs in with the new one only', async () => {
    const user = await registerFreshUser('upd');
    const newEmail = `${uniqueName('moved')}@example.com`;
    await update(user.token, { email: newEmail });
    const withNew = await request('POST /api/users/login', { body: { user: { email: newEmail, password: user.password } } });
    const withOld = await request('POST /api/users/login', { body: { user: { email: user.email, password: user.password } } });
    expect(withNew.status).toBe(200);
    expect(withOld.status).toBe(401);
  });

  it('changing the password makes the new one log in and the old one fail', async () => {
    const user = await registerFreshUser('upd');
    const newPassword = 'an entirely different passphrase';
    expect((await update(user.token, { password: newPassword })).status).toBe(200);
    const withNew = await request('POST /api/users/login', { body: { user: { email: user.email, password: newPassword } } });
    const withOld = await request('POST /api/users/login', { body: { user: { email: user.email, password: user.password } } });
    expect(withNew.status).toBe(200);
    expect(withOld.status).toBe(401);
  });

  describe('refusing bad changes', () => {
    // Each of these is refused before anything is written, so they can share one user.
    let user: RegisteredUser;
    beforeAll(async () => {
      user = await registerFreshUser('refused');
    });

    it.each([
      ['7 characters', 'x'.repeat(7)],
      ['257 characters', 'x'.repeat(257)],
      ['empty', ''],
      ['null', null],
    ])('refuses a new password that is %s with 422 on password', async (_, password) => {
      const response = await update(user.token, { password });
      expect(response.status).toBe(422);
      expect(response.body.errors).toHaveProperty('password');
    });

    it.each([
      ['username', ''],
      ['email', ''],
      ['email', null],
      ['username', null],
    ])('refuses %s set to %j with 422 on that field', async (field, value) => {
      const response = await update(user.token, { [field]: value });
      expect(response.status).toBe(422);
      expect(response.body.errors).toHaveProperty(field);
    });

    it.each(['ftp://example.com/me.png', 'javascript:alert(1)', 'not a url'])('refuses image %s with 422 on image', async (image) => {
      const response = await update(user.token, { image });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ errors: { image: ['must be an http(s) URL'] } });
    });

    it('answers 422 when no field is named', async () => {
      const response = await update(user.token, {});
      expect(response.status).toBe(422);
      expect(response.body.errors).toHaveProperty('user');
    });
  });

  it('answers 401 without a token', async () => {
    const response = await request('PUT /api/user', { body: { user: { bio: 'x' } } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  describe('call budget', () => {
    it('reads the user, then writes one transaction: two round trips, no scan', async () => {
      const user = await registerFreshUser('budget');
      const { result, calls } = await measured(() => update(user.token, { username: uniqueName('budget'), bio: 'new' }));
      expect(result.status).toBe(200);
      expect(rounds(calls.calls)).toEqual([['GetItem'], ['TransactWriteItems']]);
      expect(writeCount(calls)).toBe(1);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('PUT /api/user', calls);
    });
  });
});
