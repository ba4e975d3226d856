import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '#lib/db/client';
import { registerFreshUser } from '../../support/users.ts';
import { measured, rounds } from '../support/budget.ts';
import { freshAddress, requestFrom } from '../support/from-address.ts';

// Read on the first request of this file (lib/config.ts): the per-address threshold is lowered so a test can reach it.
process.env.LOGIN_FAILURES_PER_ADDRESS = '8';

const login = (address: string, email: string, password: string) => requestFrom(address, 'POST /api/users/login', { body: { user: { email, password } } });
const locked = { errors: { credentials: ['too many failed attempts, try again later'] } };

/** Fails `times` logins of `email` from `address`, each answered 401. */
async function fail(address: string, email: string, times: number) {
  for (let i = 0; i < times; i++) expect((await login(address, email, 'not the password')).status).toBe(401);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /api/users/login lockout', () => {
  it('locks an account out after 5 failed logins: 429 with Retry-After, even for the right password, without hashing it', async () => {
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email, 5);
    // From another address too: the account is locked wherever the attempts come from.
    const { result, calls } = await measured(() => login(freshAddress(), user.email, user.password));
    expect(result.status).toBe(429);
    expect(result.body).toEqual(locked);
    expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(result.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Only the lockout read: the email claim and the user were never read, so no password was hashed.
    expect(rounds(calls.calls)).toEqual([['BatchGetItem']]);
  });

  it('counts the account however its email is capitalised', async () => {
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email.toUpperCase(), 5);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(429);
  });

  it('lets the account in once the lockout ends, and doubles the lockout with each further failure', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email, 5);
    vi.setSystemTime(start + 61_000);
    await fail(freshAddress(), user.email, 1);
    vi.setSystemTime(start + 61_000 + 100_000);
    const stillLocked = await login(freshAddress(), user.email, user.password);
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers['retry-after'])).toBeLessThanOrEqual(21);
    vi.setSystemTime(start + 61_000 + 121_000);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
  });

  it('forgets failures an hour after the last one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email, 4);
    vi.setSystemTime(start + 3_601_000);
    // Four more would lock the account if the first four still counted.
    await fail(freshAddress(), user.email, 4);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
  });

  it('a successful login forgets the account’s failures', async () => {
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email, 4);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
    await fail(freshAddress(), user.email, 4);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
  });

  it('locks an address out after its threshold of failures, whatever accounts they named', async () => {
    const address = freshAddress();
    for (let i = 0; i < 8; i++) expect((await login(address, `nobody-${i}-${address}@example.com`, 'whatever password')).status).toBe(401);
    const user = await registerFreshUser('lockout');
    const fromLocked = await login(address, user.email, user.password);
    expect(fromLocked.status).toBe(429);
    expect(fromLocked.body).toEqual(locked);
    expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
  });

  it('answers a login as it should when its bookkeeping fails: 200 if forgetting fails, 401 if counting fails', async () => {
    const user = await registerFreshUser('lockout');
    await fail(freshAddress(), user.email, 2);
    const name = 'test-failing-bookkeeping';
    db().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteItemCommand' || context.commandName === 'UpdateItemCommand') throw new Error('injected failure');
        return next(args);
      },
      { step: 'initialize', name, priority: 'high' },
    );
    try {
      expect((await login(freshAddress(), user.email, user.password)).status).toBe(200);
      expect((await login(freshAddress(), user.email, 'not the password')).status).toBe(401);
    } finally {
      db().middlewareStack.remove(name);
    }
  });

  it('does not count an attempt refused as invalid input (422)', async () => {
    const user = await registerFreshUser('lockout');
    const address = freshAddress();
    for (let i = 0; i < 6; i++) expect((await login(address, user.email, '')).status).toBe(422);
    expect((await login(address, user.email, user.password)).status).toBe(200);
  });
});
