import { describe, expect, it } from 'vitest';
import { httpEvent } from '../../support/http-event.ts';

describe('httpEvent builds an HTTP API v2 event', () => {
  it('fills the path from the route template and its parameters', () => {
    const event = httpEvent({ routeKey: 'POST /api/profiles/{username}/follow', pathParameters: { username: 'jake doe' } });
    expect(event.rawPath).toBe('/api/profiles/jake%20doe/follow');
    expect(event.routeKey).toBe('POST /api/profiles/{username}/follow');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.pathParameters).toEqual({ username: 'jake doe' });
  });

  it('sends a body as JSON and a token in the RealWorld header', () => {
    const event = httpEvent({ method: 'put', path: '/api/user', body: { user: { bio: 'x' } }, token: 'abc' });
    expect(event.body).toBe('{"user":{"bio":"x"}}');
    expect(event.headers).toMatchObject({ authorization: 'Token abc', 'content-type': 'application/json' });
    expect(event.routeKey).toBe('PUT /api/user');
  });

  it('carries the query both raw and parsed', () => {
    const event = httpEvent({ path: '/api/articles', query: { tag: 'dragons', limit: '5' } });
    expect(event.rawQueryString).toBe('tag=dragons&limit=5');
    expect(event.queryStringParameters).toEqual({ tag: 'dragons', limit: '5' });
    expect(event.body).toBeUndefined();
  });
});
