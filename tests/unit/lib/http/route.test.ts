import { SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import * as errors from '#lib/errors';
import { route } from '#lib/http/route';
import { invoke } from '../../../support/http-event.ts';
import { captureOutput } from '../../../support/output.ts';

const SECRET = 'unit-test-jwt-secret-of-at-least-32-characters';

// No table here: the read of the signed-in viewer's user item answers what each test says.
const sessionCheck = vi.hoisted(() => ({ refuse: false, fail: false }));
vi.mock('#lib/db/users', async () => {
  const { Unauthenticated } = await import('#lib/errors');
  return {
    liveUser: async (session: { userId: string }) => {
      if (sessionCheck.fail) throw new Error('DynamoDB is down');
      if (sessionCheck.refuse) throw new Unauthenticated('is invalid');
      return { userId: session.userId };
    },
  };
});

const token = (subject = 'user-1') =>
  new SignJWT({ sid: 'session-1', gen: 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('conduit')
    .setAudience('conduit-api')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

// The middleware chain every handler shares (lib/http/route.ts), around business functions that need no table.
describe('route(): the shared middleware chain', () => {
  beforeAll(() => {
    // lib/config.ts reads the environment on first use, so before the first request is enough.
    vi.stubEnv('JWT_SECRET', SECRET);
    vi.stubEnv('JWT_SECRET_PARAMETER', '');
    vi.stubEnv('MAX_BODY_BYTES', '1024');
    vi.stubEnv('LOG_LEVEL', 'error');
  });

  const echo = () =>
    route(
      { auth: 'optional', body: z.object({ thing: z.object({ name: z.string().min(1, "can't be blank") }, "can't be blank") }).optional() },
      async (input) => ({ body: input.body ?? null }),
    );
  const whoami = () =>
    route({ auth: 'optional' }, async ({ viewer }) => ({
      viewer: viewer ? { userId: viewer.userId, sessionId: viewer.sessionId, generation: viewer.generation } : null,
    }));

  it('answers the business result as JSON with the status the route names', async () => {
    const created = route({ auth: 'none', status: 201 }, async () => ({ ok: true }));
    const response = await invoke(created, { method: 'POST', path: '/x' });
    expect(response).toMatchObject({ status: 201, body: { ok: true }, headers: { 'content-type': 'application/json; charset=utf-8' } });
  });

  it('answers 204 with no body, whatever the function returns', async () => {
    const deleted = route({ auth: 'none', status: 204 }, async () => ({ ignored: true }));
    const response = await invoke(deleted, { method: 'DELETE', path: '/x' });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
  });

  it('answers malformed JSON with 422 errors.body', async () => {
    const response = await invoke(echo(), { method: 'POST', path: '/x', body: '{"thing":' });
    expect(response).toMatchObject({ status: 422, body: { errors: { body: ['is not valid JSON'] } } });
  });

  it('answers a body over the limit with 413 before parsing it', async () => {
    const response = await invoke(echo(), { method: 'POST', path: '/x', body: `{"thing":{"name":"${'x'.repeat(2000)}"}}` });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ errors: { body: ['is larger than 1024 bytes'] } });
  });

  it('counts the limit in bytes, not characters', async () => {
    const response = await invoke(echo(), { method: 'POST', path: '/x', body: { thing: { name: 'é'.repeat(600) } } });
    expect(response.status).toBe(413);
  });

  it('reads a base64-encoded body', async () => {
    const event = { method: 'POST', path: '/x', body: Buffer.from('{"thing":{"name":"b64"}}').toString('base64') };
    const handler = echo();
    const { httpEvent, lambdaContext } = await import('../../../support/http-event.ts');
    const result = await handler({ ...httpEvent(event), isBase64Encoded: true }, lambdaContext());
    expect(JSON.parse(result.body!)).toMatchObject({ body: { thing: { name: 'b64' } } });
  });

  it('validates the body and keys errors by field', async () => {
    const response = await invoke(echo(), { method: 'POST', path: '/x', body: { thing: { name: '' } } });
    expect(response).toMatchObject({ status: 422, body: { errors: { name: ["can't be blank"] } } });
  });

  it('accepts the token as Token or Bearer, in any letter case', async () => {
    for (const scheme of ['Token', 'Bearer', 'token', 'BEARER']) {
      const response = await invoke(whoami(), { path: '/x', headers: { authorization: `${scheme} ${await token()}` } });
      expect(response.body.viewer).toEqual({ userId: 'user-1', sessionId: 'session-1', generation: 0 });
    }
  });

  describe('a signed-in request whose session has ended', () => {
    afterEach(() => {
      Object.assign(sessionCheck, { refuse: false, fail: false });
    });

    it('answers 401 errors.token whatever the route answered', async () => {
      sessionCheck.refuse = true;
      const answers = route({ auth: 'optional' }, async () => ({ secret: 'what only the viewer may see' }));
      const response = await invoke(answers, { path: '/x', token: await token() });
      expect(response).toMatchObject({ status: 401, body: { errors: { token: ['is invalid'] } } });
      const refuses = route({ auth: 'required' }, async () => {
        throw new errors.NotFound('article');
      });
      expect(await invoke(refuses, { path: '/x', token: await token() })).toMatchObject({ status: 401, body: { errors: { token: ['is invalid'] } } });
    });

    it("leaves the route's own error when the check itself failed, and answers 500 rather than a success it could not check", async () => {
      sessionCheck.fail = true;
      const refuses = route({ auth: 'required' }, async () => {
        throw new errors.NotFound('article');
      });
      expect(await invoke(refuses, { path: '/x', token: await token() })).toMatchObject({ status: 404 });
      expect((await invoke(whoami(), { path: '/x', token: await token() })).status).toBe(500);
    });

    it('costs an anonymous request nothing: no check is made without a token', async () => {
      sessionCheck.fail = true;
      expect((await invoke(whoami(), { path: '/x' })).status).toBe(200);
    });
  });

  it('treats a missing token as anonymous on an optional route, and a bad one as 401', async () => {
    expect((await invoke(whoami(), { path: '/x' })).body.viewer).toBeNull();
    const bad = await invoke(whoami(), { path: '/x', token: 'nope' });
    expect(bad).toMatchObject({ status: 401, body: { errors: { token: ['is invalid'] } } });
  });

  it('answers 401 "is missing" on a required route without a token, before reading the body', async () => {
    const required = route({ auth: 'required' }, async () => ({}));
    const response = await invoke(required, { method: 'POST', path: '/x', body: '{not json' });
    expect(response).toMatchObject({ status: 401, body: { errors: { token: ['is missing'] } } });
  });

  it('a role implies a required token: 401 "is missing" without one', async () => {
    const moderated = route({ role: 'moderator' }, async ({ actor }) => {
      actor.confirmed = true;
      return {};
    });
    expect(await invoke(moderated, { method: 'POST', path: '/x' })).toMatchObject({ status: 401, body: { errors: { token: ['is missing'] } } });
  });

  it('hands a role route the actor to check, and answers 500 when the function never checked it', async () => {
    const checked = route({ role: 'admin' }, async ({ actor, viewer }) => {
      actor.confirmed = true;
      return { actor: { userId: actor.userId, role: actor.role }, viewer: { userId: viewer.userId } };
    });
    expect((await invoke(checked, { path: '/x', token: await token('admin-1') })).body).toEqual({
      actor: { userId: 'admin-1', role: 'admin' },
      viewer: { userId: 'admin-1' },
    });
    const unchecked = route({ role: 'admin' }, async () => ({ secret: 'for admins' }));
    const response = await invoke(unchecked, { path: '/x', token: await token('user-1') });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('for admins');
  });

  it('decodes percent-encoded path parameters before validating them', async () => {
    const named = route({ auth: 'none', params: z.object({ slug: z.string() }) }, async ({ params }) => params);
    const response = await invoke(named, { path: '/x', pathParameters: { slug: encodeURIComponent('привет-мир') } });
    expect(response.body).toEqual({ slug: 'привет-мир' });
  });

  it('maps HttpErrors to their status and field errors', async () => {
    const forbidden = route({ auth: 'none' }, async () => {
      throw new errors.Forbidden('article');
    });
    expect(await invoke(forbidden, { path: '/x' })).toMatchObject({ status: 403, body: { errors: { article: ['forbidden'] } } });
  });

  it('answers any other error with 500 naming the request id and nothing of the internals', async () => {
    const broken = route({ auth: 'none' }, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await invoke(broken, { path: '/x' });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ errors: { server: [expect.stringMatching(/^unexpected error, request id [0-9a-f-]{36}$/)] } });
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('answers CORS preflight headers on every response', async () => {
    const response = await invoke(whoami(), { path: '/x', headers: { origin: 'https://example.com' } });
    expect(response.headers['Access-Control-Allow-Origin']).toBe('*');
  });
});

describe('the request log line', () => {
  it("gives each request its own latency when one handler's requests overlap", async () => {
    vi.stubEnv('JWT_SECRET', SECRET);
    vi.stubEnv('LOG_LEVEL', 'info');
    // The first describe's requests made lib read LOG_LEVEL=error: a fresh copy reads it again.
    vi.resetModules();
    const { route } = await import('#lib/http/route');
    const output = captureOutput();
    vi.useFakeTimers();
    try {
      const waits = route({ auth: 'none', query: z.object({ ms: z.coerce.number() }) }, async ({ query }) => {
        await new Promise((resolve) => setTimeout(resolve, query.ms));
        return {};
      });
      const slow = invoke(waits, { path: '/slow', query: { ms: '200' } });
      await vi.advanceTimersByTimeAsync(100);
      const fast = invoke(waits, { path: '/fast', query: { ms: '0' } });
      await vi.advanceTimersByTimeAsync(200);
      await Promise.all([slow, fast]);
    } finally {
      vi.useRealTimers();
      output.restore();
    }
    const lines = output.lines.map((line) => JSON.parse(line) as { message?: string; route: string; latencyMs: number });
    const latencyOf = (path: string) => lines.find((line) => line.message === 'request' && line.route.endsWith(path))?.latencyMs;
    expect(latencyOf('/slow')).toBe(200);
    expect(latencyOf('/fast')).toBe(0);
  });
});
