import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../support/users.ts';
import { type Route, request, routes } from './support/conduit.ts';

const expected = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

const pathParameters = { slug: 'no-such-article-0000000000000', username: 'no-such-user-anywhere', id: '1' };

describe('security headers', () => {
  it.each(Object.keys(routes) as Route[])('%s sends them on an error answer', async (route) => {
    const response = await request(route, { pathParameters, body: '{not json' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers).toMatchObject(expected);
  });

  it('are sent on a success, with a body and without one (204)', async () => {
    const user = await registerFreshUser('headers');
    const tags = await request('GET /api/tags');
    expect(tags.status).toBe(200);
    expect(tags.headers).toMatchObject(expected);
    const created = await request('POST /api/articles', { token: user.token, body: { article: { title: 'headers', description: 'd', body: 'b' } } });
    expect(created.headers).toMatchObject(expected);
    const deleted = await request('DELETE /api/articles/{slug}', { token: user.token, pathParameters: { slug: created.body.article.slug } });
    expect(deleted.status).toBe(204);
    expect(deleted.headers).toMatchObject(expected);
  });
});
