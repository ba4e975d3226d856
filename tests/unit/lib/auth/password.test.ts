import { describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, hashPassword, verifyPassword } from '#lib/auth/password';

// Low parameters keep these tests fast; verification reads the parameters from the hash, so it is the same code.
const FAST = { N: 2 ** 10, r: 8, p: 1 } as const;

describe('hashPassword', () => {
  it('stores scheme, parameters, a 16-byte salt and a 32-byte hash: scrypt$N$r$p$salt$hash', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    const [scheme, N, r, p, salt, hash, ...rest] = stored.split('$');
    expect({ scheme, N, r, p, rest }).toEqual({ scheme: 'scrypt', N: '1024', r: '8', p: '1', rest: [] });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    const [first, second] = await Promise.all([hashPassword('same password', FAST), hashPassword('same password', FAST)]);
    expect(first).not.toBe(second);
  });

  it('uses the current parameters by default (scrypt N=2^17, r=8, p=1)', async () => {
    expect(CURRENT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const stored = await hashPassword('correct horse battery staple');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('verifies a hash made with lower parameters than the current ones, reading them from the hash', async () => {
    const older = await hashPassword('an old password', { N: 2 ** 14, r: 8, p: 1 } as const);
    expect(older.split('$')[1]).toBe(String(2 ** 14));
    expect(await verifyPassword('an old password', older)).toBe(true);
    expect(await verifyPassword('a wrong password', older)).toBe(false);
  });

  it('accepts the same password typed in another Unicode form (NFKC)', async () => {
    const stored = await hashPassword('café ﬁle', FAST);
    expect(await verifyPassword('cafe\u0301 file', stored)).toBe(true);
  });

  it('refuses, without throwing, a stored value that is not one of its hashes', async () => {
    const stored = await hashPassword('password', FAST);
    const [, N, r, p, salt, hash] = stored.split('$');
    for (const broken of ['', 'plain-text', `bcrypt$${N}$${r}$${p}$${salt}$${hash}`, `scrypt$${N}$${r}$${p}$${salt}`, `scrypt$${N}$${r}$${p}$${salt}$`]) {
      expect(await verifyPassword('password', broken)).toBe(false);
    }
  });

  it('refuses a hash whose stored digest was altered', async () => {
    const stored = await hashPassword('password', FAST);
    const parts = stored.split('$');
    const digest = Buffer.from(parts[5]!, 'base64url');
    digest[0] = digest[0]! ^ 0xff;
    parts[5] = digest.toString('base64url');
    expect(await verifyPassword('password', parts.join('$'))).toBe(false);
  });
});
