import { describe, expect, it } from 'vitest';
import { api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';

describe('users over HTTP', () => {
  it('registers, logs in, reads and renames the current user, and the new token works', async () => {
    const registered = await registerViaApi('journey');

    const login = await api('POST', '/users/login', { body: { user: { email: registered.email, password: registered.password } } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: registered.username, email: registered.email, bio: null, image: null });

    const current = await api('GET', '/user', { token: login.body.user.token });
    expect(current.status).toBe(200);
    expect(current.body.user.username).toBe(registered.username);

    const renamed = uniqueName('renamed');
    const update = await api('PUT', '/user', {
      token: login.body.user.token,
      body: { user: { username: renamed, email: `${renamed}@example.com` } },
    });
    expect(update.status).toBe(200);
    expect(update.body.user).toMatchObject({ username: renamed, email: `${renamed}@example.com` });

    const withNewToken = await api('GET', '/user', { token: update.body.user.token });
    expect(withNewToken.status).toBe(200);
    expect(withNewToken.body.user).toMatchObject({ username: renamed, email: `${renamed}@example.com` });

    const loginWithNewEmail = await api('POST', '/users/login', { body: { user: { email: `${renamed}@example.com`, password: registered.password } } });
    expect(loginWithNewEmail.status).toBe(200);
  });

  it('answers a taken username with 409 and errors.username', async () => {
    const first = await registerViaApi('taken');

    const duplicate = await api('POST', '/users', {
      body: { user: { username: first.username, email: `${uniqueName('other')}@example.com`, password: 'another long password' } },
    });

    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ errors: { username: ['has already been taken'] } });
  });
});
