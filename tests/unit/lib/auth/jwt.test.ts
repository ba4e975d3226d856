import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const SECRET = 'unit-test-jwt-secret-of-at-least-32-characters';
const key = new TextEncoder().encode(SECRET);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

type Jwt = typeof import('#lib/auth/jwt');

/**
 * lib/config.ts reads the environment on first use and keeps it for the container's life: each variant sets
 * it, then loads a fresh copy of the modules.
 */
async function loadJwt(env: Record<string, string | undefined>): Promise<Jwt> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('#lib/auth/jwt');
}

/** A token as signToken makes them, with one thing changed. */
const tokenWith = (change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, signingKey = key) =>
  change(
    new SignJWT({ sid: 'session-1', gen: 2 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('user-1')
      .setIssuer('conduit')
      .setAudience('conduit-api')
      .setIssuedAt()
      .setExpirationTime('1h'),
  ).sign(signingKey);

/** Signs header and payload by hand, for algorithms and claims jose would not produce. */
const handMade = (header: object, payload: object, algorithm: 'sha256' | 'sha512' = 'sha256') => {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(algorithm, SECRET).update(unsigned).digest('base64url')}`;
};
const claims = (extra: object = {}) => ({
  sub: 'user-1',
  sid: 'session-1',
  gen: 2,
  iss: 'conduit',
  aud: 'conduit-api',
  iat: now(),
  exp: now() + 3600,
  ...extra,
});
/** The session of the tokens tokenWith and claims make. */
const SESSION = { userId: 'user-1', sessionId: 'session-1', generation: 2 };
const user42 = { userId: 'user-42', generation: 3 };

describe('lib/auth/jwt', () => {
  let jwt: Jwt;
  beforeAll(async () => {
    jwt = await loadJwt({ JWT_SECRET: SECRET, JWT_SECRET_PARAMETER: '', JWT_ISSUER: undefined, JWT_AUDIENCE: undefined, JWT_TTL_SECONDS: '3600' });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('signToken', () => {
    it('signs a token that verifyToken accepts, naming the user, the generation and a new session', async () => {
      expect(await jwt.verifyToken(await jwt.signToken(user42))).toEqual({ userId: 'user-42', generation: 3, sessionId: expect.any(String) });
    });

    it('starts a session of its own with every token: 128 random bits', async () => {
      const [first, second] = await Promise.all([jwt.signToken(user42), jwt.signToken(user42)]);
      const [a, b] = [await jwt.verifyToken(first), await jwt.verifyToken(second)];
      expect(a?.sessionId).not.toBe(b?.sessionId);
      expect(Buffer.from(a?.sessionId ?? '', 'base64url')).toHaveLength(16);
    });

    it('signs with HS256 and sets issuer, audience, issue time and an expiry TTL seconds later', async () => {
      const token = await jwt.signToken(user42);
      const [header, payload] = token
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: 'user-42', gen: 3, iss: 'conduit', aud: 'conduit-api' });
      expect(payload.exp - payload.iat).toBe(3600);
    });
  });

  describe('verifyToken', () => {
    it('accepts a token signed as signToken signs them', async () => {
      expect(await jwt.verifyToken(await tokenWith())).toEqual(SESSION);
    });

    it('refuses an expired token', async () => {
      const token = await tokenWith((t) => t.setIssuedAt(now() - 7200).setExpirationTime(now() - 60));
      expect(await jwt.verifyToken(token)).toBeUndefined();
    });

    it('refuses its own token once its time is up', async () => {
      const token = await jwt.signToken(user42);
      vi.useFakeTimers({ now: Date.now() + 3601 * 1000, toFake: ['Date'] });
      expect(await jwt.verifyToken(token)).toBeUndefined();
    });

    it('refuses a token it accepted before once its time is up (tokens verified once are kept until they expire)', async () => {
      const token = await jwt.signToken(user42);
      expect(await jwt.verifyToken(token)).toMatchObject({ userId: 'user-42' });
      expect(await jwt.verifyToken(token)).toMatchObject({ userId: 'user-42' });
      vi.useFakeTimers({ now: Date.now() + 3601 * 1000, toFake: ['Date'] });
      expect(await jwt.verifyToken(token)).toBeUndefined();
    });

    it('hands out a session no caller can change for the next request with the same token', async () => {
      const token = await jwt.signToken(user42);
      const session = await jwt.verifyToken(token);
      expect(() => Object.assign(session ?? {}, { userId: 'someone-else' })).toThrow(TypeError);
      expect(await jwt.verifyToken(token)).toMatchObject({ userId: 'user-42' });
    });

    it('refuses a token from another issuer or for another audience', async () => {
      expect(await jwt.verifyToken(await tokenWith((t) => t.setIssuer('someone-else')))).toBeUndefined();
      expect(await jwt.verifyToken(await tokenWith((t) => t.setAudience('another-api')))).toBeUndefined();
    });

    it('refuses a token signed with another secret', async () => {
      expect(await jwt.verifyToken(await tokenWith(undefined, new TextEncoder().encode('another-secret-of-at-least-32-characters')))).toBeUndefined();
    });

    it('refuses an unsigned token (alg none)', async () => {
      expect(await jwt.verifyToken(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)).toBeUndefined();
    });

    it('refuses a token signed with the right secret but another algorithm (HS512)', async () => {
      expect(await jwt.verifyToken(handMade({ alg: 'HS512', typ: 'JWT' }, claims(), 'sha512'))).toBeUndefined();
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims()))).toEqual(SESSION);
    });

    it('refuses a token whose signature was tampered with', async () => {
      const [header, payload, signature] = (await tokenWith()).split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      bytes[10] = bytes[10]! ^ 0x01;
      expect(await jwt.verifyToken(`${header}.${payload}.${bytes.toString('base64url')}`)).toBeUndefined();
    });

    it('refuses a token whose claims were changed after signing', async () => {
      const [header, , signature] = (await tokenWith()).split('.') as [string, string, string];
      expect(await jwt.verifyToken(`${header}.${b64(claims({ sub: 'admin' }))}.${signature}`)).toBeUndefined();
    });

    it.each(['sub', 'exp', 'iat', 'sid', 'gen'])('refuses a token without %s', async (claim) => {
      const payload: Record<string, unknown> = claims();
      delete payload[claim];
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, payload))).toBeUndefined();
    });

    it.each([{ nested: true }, 42, ['user-1'], ''])('names nobody for a token we signed with the sub %j (no user id is anything but a string)', async (sub) => {
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims({ sub })))).toBeUndefined();
    });

    it.each([{ sid: 7 }, { gen: '2' }, { gen: -1 }, { gen: 1.5 }, { sub: { id: 'user-1' } }])(
      'refuses a token whose session claims are malformed: %j',
      async (extra) => {
        expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims(extra)))).toBeUndefined();
      },
    );

    it('signs tokens jose (the reference implementation) verifies with the same secret, issuer and audience', async () => {
      const { payload, protectedHeader } = await jwtVerify(await jwt.signToken(user42), key, {
        algorithms: ['HS256'],
        issuer: 'conduit',
        audience: 'conduit-api',
        requiredClaims: ['sub', 'exp', 'iat', 'sid', 'gen'],
      });
      expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: 'user-42', gen: 3 });
    });

    it('accepts the header without typ, as jose signs it when asked only for the algorithm', async () => {
      expect(await jwt.verifyToken(handMade({ alg: 'HS256' }, claims()))).toEqual(SESSION);
    });

    it('accepts an audience list that names this API, as jose does', async () => {
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims({ aud: ['another-api', 'conduit-api'] })))).toEqual(SESSION);
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims({ aud: ['another-api'] })))).toBeUndefined();
    });

    it('refuses a token not valid before a time still to come', async () => {
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims({ nbf: now() + 600 })))).toBeUndefined();
      expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims({ nbf: now() - 1 })))).toEqual(SESSION);
    });

    it.each([
      [{ alg: 'HS256', typ: 'JWT', crit: ['exp'] }],
      [{ alg: 'HS256', typ: 'JWT', b64: false }],
      [{ alg: 'HS256', typ: 'JOSE+JSON' }],
      [{ alg: 'hs256', typ: 'JWT' }],
      [{ typ: 'JWT' }],
    ])('refuses a token signed with the right secret under a header it does not accept: %j', async (header) => {
      expect(await jwt.verifyToken(handMade(header, claims()))).toBeUndefined();
    });

    it.each([{ exp: String(now() + 3600) }, { exp: null }, { iat: 'yesterday' }, { nbf: 'now' }, { iss: ['conduit'] }])(
      'refuses a token whose registered claims have the wrong type: %j',
      async (extra) => {
        expect(await jwt.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims(extra)))).toBeUndefined();
      },
    );

    it('refuses claims that are not a JSON object, even when signed', async () => {
      const signed = (payload: string) => {
        const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from(payload).toString('base64url')}`;
        return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
      };
      for (const payload of ['[1,2]', 'null', '"user-1"', '{"sub":', '\u0000']) expect(await jwt.verifyToken(signed(payload))).toBeUndefined();
    });

    it('accepts one spelling of a signature only: another encoding of the same bytes, padding or a fourth part is refused', async () => {
      const token = await tokenWith();
      const [header, payload, signature] = token.split('.') as [string, string, string];
      // The last of 43 base64url characters carries 4 bits and 2 spare ones: setting a spare bit decodes to the same bytes.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(signature.at(-1)!);
      const respelled = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
      expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
      for (const variant of [
        `${header}.${payload}.${respelled}`,
        `${token}=`,
        `${token}.`,
        `${token}.${signature}`,
        ` ${token}`,
        `${header}.${payload}.${signature.slice(0, -1)}`,
      ]) {
        expect(await jwt.verifyToken(variant)).toBeUndefined();
      }
      expect(await jwt.verifyToken(token)).toEqual(SESSION);
    });

    it.each(['', 'not-a-jwt', 'a.b.c', 'a.b'])('refuses %j without throwing', async (token) => {
      expect(await jwt.verifyToken(token)).toBeUndefined();
    });
  });

  describe('the signing key', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('must be at least 32 characters', async () => {
      const weak = await loadJwt({ JWT_SECRET: 'too-short-a-secret', JWT_SECRET_PARAMETER: '' });
      await expect(weak.signToken(SESSION)).rejects.toThrow('at least 32 characters');
      await expect(weak.verifyToken('a.b.c')).rejects.toThrow('at least 32 characters');
    });

    it('must come from JWT_SECRET or JWT_SECRET_PARAMETER', async () => {
      const none = await loadJwt({ JWT_SECRET: '', JWT_SECRET_PARAMETER: '' });
      await expect(none.signToken(SESSION)).rejects.toThrow('set JWT_SECRET or JWT_SECRET_PARAMETER');
    });

    it('follows JWT_ISSUER and JWT_AUDIENCE, refusing tokens of the defaults', async () => {
      const custom = await loadJwt({ JWT_SECRET: SECRET, JWT_ISSUER: 'custom-issuer', JWT_AUDIENCE: 'custom-audience' });
      expect(await custom.verifyToken(await custom.signToken(SESSION))).toMatchObject({ userId: 'user-1' });
      expect(await custom.verifyToken(await tokenWith())).toBeUndefined();
    });
  });
});
