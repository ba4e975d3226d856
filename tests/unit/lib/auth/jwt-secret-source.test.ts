import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of lib (its configuration is read on first use) under this environment. */
async function loadJwt(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('#lib/auth/jwt');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const SECRET = 'a-signing-key-of-at-least-32-characters-long';

describe('where the JWT signing key comes from', () => {
  it('refuses a JWT_SECRET from the environment on a deployed stage', async () => {
    const jwt = await loadJwt({ STAGE: 'prod', JWT_SECRET: SECRET, JWT_SECRET_PARAMETER: '/conduit/prod/jwt-secret' });
    await expect(jwt.signToken({ userId: 'user-1', generation: 0 })).rejects.toThrow('JWT_SECRET is refused at stage prod');
  });

  it('takes JWT_SECRET at stage local (npm start, tests, invoke local)', async () => {
    const jwt = await loadJwt({ STAGE: 'local', JWT_SECRET: SECRET });
    expect(await jwt.verifyToken(await jwt.signToken({ userId: 'user-1', generation: 0 }))).toMatchObject({ userId: 'user-1' });
  });
});
