import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/unique.ts';
import { registerFreshUser } from '../../support/users.ts';
import { request } from '../support/conduit.ts';

// A response with a token must not sit in a browser's or a proxy's cache for the next user of the machine.
describe('responses that carry a token are never cached', () => {
  it('register, login, GET /user and PUT /user answer Cache-Control: no-store', async () => {
    const username = uniqueName('nostore');
    const credentials = { username, email: `${username}@example.com`, password: 'correct horse battery staple' };
    const registered = await request('POST /api/users', { body: { user: credentials } });
    const token = registered.body.user.token;
    const responses = [
      registered,
      await request('POST /api/users/login', { body: { user: { email: credentials.email, password: credentials.password } } }),
      await request('GET /api/user', { token }),
      await request('PUT /api/user', { token, body: { user: { bio: 'cached nowhere' } } }),
    ];
    for (const response of responses) {
      expect(response.body.user.token).toEqual(expect.any(String));
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('a response without a token says nothing about caching', async () => {
    const user = await registerFreshUser('cacheable');
    const response = await request('GET /api/profiles/{username}', { pathParameters: { username: user.username } });
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
