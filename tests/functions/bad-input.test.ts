import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RegisteredUser, registerFreshUser } from '../support/users.ts';
import { type Route, request, routes } from './support/conduit.ts';

// Every route, with path parameters that name nothing in particular: bad input must be refused before they matter.
const pathParameters = { slug: 'any-article-0000000000000', username: 'anyone', id: '1' };
const all: Route[] = Object.keys(routes);
const withBody: Route[] = [
  'POST /api/users',
  'POST /api/users/login',
  'PUT /api/user',
  'POST /api/articles',
  'PUT /api/articles/{slug}',
  'POST /api/articles/{slug}/comments',
];
const needingToken: Route[] = all.filter(
  (route) =>
    ![
      'POST /api/users',
      'POST /api/users/login',
      'GET /api/tags',
      'GET /api/articles',
      'GET /api/articles/{slug}',
      'GET /api/profiles/{username}',
      'GET /api/articles/{slug}/comments',
    ].includes(route),
);
const optionalToken: Route[] = ['GET /api/articles', 'GET /api/articles/{slug}', 'GET /api/profiles/{username}', 'GET /api/articles/{slug}/comments'];
const secret = () => new TextEncoder().encode(process.env.JWT_SECRET);

/** A token as lib/auth/jwt.ts signs them, with one thing changed. */
const tokenWith = async (change: (jwt: SignJWT) => SignJWT, key = secret()) =>
  change(
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer('conduit')
      .setAudience('conduit-api')
      .setIssuedAt()
      .setExpirationTime('1h'),
  ).sign(key);

describe('bad input is refused, never a 500', () => {
  // Every request here is refused before it reads or writes anything, so they can share one signed-in user.
  let user: RegisteredUser;
  beforeAll(async () => {
    user = await registerFreshUser('badinput');
  });

  it.each(withBody)('%s answers malformed JSON with 422 errors.body', async (route) => {
    const response = await request(route, { token: user.token, pathParameters, body: '{"user": {"email": ' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { body: ['is not valid JSON'] } });
  });

  it.each(withBody)('%s answers a body over 100 KB with 413', async (route) => {
    const response = await request(route, { token: user.token, pathParameters, body: { padding: 'x'.repeat(101 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.errors).toHaveProperty('body');
  });

  it.each(withBody)('%s answers a body without its wrapper object ({}) with 422 naming the wrapper', async (route) => {
    const response = await request(route, { token: user.token, pathParameters, body: {} });
    expect(response.status).toBe(422);
    const wrapper = route.includes('comments') ? 'comment' : route.includes('articles') ? 'article' : 'user';
    expect(response.body).toEqual({ errors: { [wrapper]: ["can't be blank"] } });
  });

  it.each(withBody.flatMap((route) => ['[]', 'null', '"text"', '42'].map((body) => [route, body] as const)))(
    '%s answers the JSON body %s with 422',
    async (route, body) => {
      const response = await request(route, { token: user.token, pathParameters, body });
      expect(response.status).toBe(422);
    },
  );

  it.each(withBody)('%s answers a wrapper that is not an object with 422', async (route) => {
    const wrapper = route.includes('comments') ? 'comment' : route.includes('articles') ? 'article' : 'user';
    const response = await request(route, { token: user.token, pathParameters, body: { [wrapper]: 'text' } });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty(wrapper);
  });

  describe('tokens', () => {
    const cases: [string, () => Promise<string>][] = [
      ['garbage', async () => 'not-a-jwt'],
      ['expired', () => tokenWith((jwt) => jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600))],
      ['forged with another secret', () => tokenWith((jwt) => jwt, new TextEncoder().encode('another-secret-of-at-least-32-characters!'))],
      ['from another issuer', () => tokenWith((jwt) => jwt.setIssuer('someone-else'))],
      [
        'unsigned (alg none)',
        async () =>
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'someone', iss: 'conduit', aud: 'conduit-api', iat: 1, exp: 9999999999 })).toString('base64url')}.`,
      ],
    ];

    it.each(needingToken.flatMap((route) => cases.map(([name, make]) => [route, name, make] as const)))(
      '%s answers a %s token with 401 errors.token',
      async (route, _, make) => {
        const response = await request(route, { token: await make(), pathParameters, body: {} });
        expect(response.status).toBe(401);
        expect(Object.keys(response.body.errors)).toEqual(['token']);
      },
    );

    it.each(optionalToken)('%s, where a token is optional, still answers a bad one with 401 errors.token', async (route) => {
      const response = await request(route, { token: await cases[1]![1](), pathParameters });
      expect(response.status).toBe(401);
      expect(Object.keys(response.body.errors)).toEqual(['token']);
    });

    it.each(needingToken)('%s answers a missing token with 401 errors.token "is missing"', async (route) => {
      const response = await request(route, { pathParameters, body: {} });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: { token: ['is missing'] } });
    });

    it.each(['Basic dXNlcjpwYXNz', 'Token', 'Token a b', 'Bearer'])('answers the Authorization header %j with 401', async (authorization) => {
      const response = await request('GET /api/user', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(Object.keys(response.body.errors)).toEqual(['token']);
    });

    it('accepts Authorization: Bearer <token> as well as Token <token>', async () => {
      const bearer = await request('POST /api/articles', {
        headers: { authorization: `Bearer ${user.token}` },
        body: { article: { title: 'Bearer', description: 'd', body: 'b' } },
      });
      expect(bearer.status).toBe(201);
      expect(bearer.body.article.author.username).toBe(user.username);
    });

    it('answers a valid token for a user that does not exist with 401, not 500', async () => {
      const token = await tokenWith((jwt) => jwt.setSubject('00000000-0000-0000-0000-000000000000'));
      for (const route of ['GET /api/user', 'PUT /api/user', 'POST /api/articles'] as const) {
        const response = await request(route, {
          token,
          body: route === 'PUT /api/user' ? { user: { bio: 'x' } } : { article: { title: 't', description: 'd', body: 'b' } },
        });
        expect(response.status).toBe(401);
      }
    });
  });
});
