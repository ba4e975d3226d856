import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/unique.ts';
import { type RegisteredUser, registerFreshUser } from '../support/users.ts';
import { request } from './support/conduit.ts';

// U+FDFA is one character that NFKC turns into 18; three UTF-8 bytes each.
const EXPANDING = '\uFDFA';
const PASSWORD = 'correct horse battery staple';
const expandingEmail = `${EXPANDING.repeat(240)}@example.com`;
const expandingName = EXPANDING.repeat(200);

describe('usernames and emails are normalized before their lengths are checked', () => {
  it('register answers 422 for an email that NFKC makes too long, not a 500', async () => {
    const response = await request('POST /api/users', { body: { user: { username: uniqueName('nfkc'), email: expandingEmail, password: PASSWORD } } });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('email');
  });

  it('register answers 422 for a username that NFKC makes too long', async () => {
    const response = await request('POST /api/users', {
      body: { user: { username: EXPANDING.repeat(10), email: `${uniqueName('nfkc')}@example.com`, password: PASSWORD } },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('username');
  });

  it('register stores the NFKC form of a username, so the claimed name is the shown name', async () => {
    const base = uniqueName('nfkc');
    const response = await request('POST /api/users', { body: { user: { username: `${base}\uFB01`, email: `${base}@example.com`, password: PASSWORD } } });
    expect(response.status).toBe(201);
    expect(response.body.user.username).toBe(`${base}fi`);
  });

  it('login answers 401 for an email whose key could not exist, not a 500', async () => {
    const response = await request('POST /api/users/login', { body: { user: { email: expandingEmail, password: PASSWORD } } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { credentials: ['invalid'] } });
  });

  it('GET /api/profiles/{username} answers 404 for a name whose key could not exist', async () => {
    const response = await request('GET /api/profiles/{username}', { pathParameters: { username: expandingName } });
    expect(response.status).toBe(404);
  });

  it.each(['author', 'favorited'])('GET /api/articles?%s= answers an empty list for a name whose key could not exist', async (filter) => {
    const response = await request('GET /api/articles', { query: { [filter]: expandingName } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ articles: [], articlesCount: 0 });
  });
});

describe('text refuses characters that have no business in it', () => {
  let user: RegisteredUser;
  beforeAll(async () => {
    user = await registerFreshUser('chars');
  });
  const article = (fields: Record<string, unknown>) => ({ title: 'A title', description: 'A description', body: 'A body', tagList: ['ok'], ...fields });
  const forbidden = { NUL: '\u0000', 'a lone surrogate': '\uD800', 'a bidi override': '\u202E', 'a bidi isolate': '\u2066', 'a C1 control': '\u0085' };

  it.each(Object.entries(forbidden))('register refuses %s in a username or an email with 422 naming the field', async (_, character) => {
    const name = uniqueName('chars');
    const response = await request('POST /api/users', {
      body: { user: { username: `${name}${character}`, email: `${name}${character}@example.com`, password: PASSWORD } },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['email', 'username']);
  });

  it.each(Object.entries(forbidden))('an article refuses %s in its title, description and tags', async (_, character) => {
    const response = await request('POST /api/articles', {
      token: user.token,
      body: { article: article({ title: `Title ${character}`, description: `Text ${character}`, tagList: [`tag${character}`] }) },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['description', 'tagList', 'title']);
  });

  it('an article refuses a newline or a tab in its title, but keeps them in its body', async () => {
    const refused = await request('POST /api/articles', { token: user.token, body: { article: article({ title: 'Two\nlines' }) } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.title).toEqual(['must not contain control characters, unpaired surrogates or bidirectional overrides']);
    const kept = await request('POST /api/articles', { token: user.token, body: { article: article({ body: 'Two\r\nlines\tand a tab' }) } });
    expect(kept.status).toBe(201);
    expect(kept.body.article.body).toBe('Two\r\nlines\tand a tab');
  });

  it.each(Object.entries({ NUL: '\u0000', 'a lone surrogate': '\uDC00', 'a bidi override': '\u202D' }))(
    'an article body and a comment refuse %s',
    async (_, character) => {
      const refused = await request('POST /api/articles', { token: user.token, body: { article: article({ body: `body ${character}` }) } });
      expect(refused.status).toBe(422);
      expect(Object.keys(refused.body.errors)).toEqual(['body']);
      const created = await request('POST /api/articles', { token: user.token, body: { article: article({}) } });
      const comment = await request('POST /api/articles/{slug}/comments', {
        token: user.token,
        pathParameters: { slug: created.body.article.slug },
        body: { comment: { body: `comment ${character}` } },
      });
      expect(comment.status).toBe(422);
      expect(Object.keys(comment.body.errors)).toEqual(['body']);
    },
  );

  it('a well-formed surrogate pair (an emoji) is welcome everywhere', async () => {
    const response = await request('POST /api/articles', {
      token: user.token,
      body: { article: article({ title: 'Rocket \u{1F680}', tagList: ['\u{1F680}'] }) },
    });
    expect(response.status).toBe(201);
  });

  it('a bio refuses a bidi override but keeps newlines', async () => {
    const refused = await request('PUT /api/user', { token: user.token, body: { user: { bio: 'evil \u202E' } } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors)).toEqual(['bio']);
    const kept = await request('PUT /api/user', { token: user.token, body: { user: { bio: 'two\nlines' } } });
    expect(kept.status).toBe(200);
  });
});
