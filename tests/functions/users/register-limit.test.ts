import { afterEach, describe, expect, it, vi } from 'vitest';
import { uniqueName } from '../../support/unique.ts';
import { freshAddress, requestFrom } from '../support/from-address.ts';

// Read on the first request of this file (lib/config.ts). Every request here comes from an address of its own.
process.env.LIMIT_REGISTRATIONS_PER_MINUTE = '2';

afterEach(() => {
  vi.useRealTimers();
});

describe('registrations per address', () => {
  it('refuses registrations from one address past the limit; another address is not limited', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    const address = freshAddress();
    const register = (from: string) => {
      const username = uniqueName('reg');
      return requestFrom(from, 'POST /api/users', { body: { user: { username, email: `${username}@example.com`, password: 'correct horse battery staple' } } });
    };
    expect((await register(address)).status).toBe(201);
    expect((await register(address)).status).toBe(201);
    const refused = await register(address);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ errors: { registrations: ['too many in 60 seconds, try again later'] } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await register(freshAddress())).status).toBe(201);
  });
});
