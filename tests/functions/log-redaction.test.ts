import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '#lib/db/client';
import { logger } from '#lib/powertools';
import { captureOutput } from '../support/output.ts';
import { registerFreshUser } from '../support/users.ts';
import { request } from './support/conduit.ts';
import { freshAddress, requestFrom } from './support/from-address.ts';

// Every line, so nothing escapes the check for being filtered out.
beforeAll(() => logger.setLogLevel('DEBUG'));

let output: ReturnType<typeof captureOutput>;
let lines: string[] = [];
beforeEach(() => {
  output = captureOutput();
  lines = output.lines;
});
afterEach(() => output.restore());

/** Makes every DynamoDB call of `command` fail with an error whose message repeats `text`, until removed. */
function failing(command: string, text: string) {
  const name = `test-failing-${command}-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command) throw new Error(`injected failure: ${text}`);
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return () => db().middlewareStack.remove(name);
}

/** No captured line holds any of `secrets`, and the requests did log. */
function expectNoSecrets(secrets: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const secret of secrets) for (const line of lines) expect(line).not.toContain(secret);
}

describe('logs never carry a password, a token or an Authorization header', () => {
  it('through registration, logins that succeed and fail, and authenticated reads and writes', async () => {
    const user = await registerFreshUser('logs');
    const newPassword = 'a brand new secret passphrase';
    await request('POST /api/users/login', { body: { user: { email: user.email, password: user.password } } });
    await request('POST /api/users/login', { body: { user: { email: user.email, password: `${user.password} wrong` } } });
    await request('GET /api/user', { token: user.token });
    await request('GET /api/user', { headers: { authorization: `Bearer ${user.token}` } });
    await request('PUT /api/user', { token: user.token, body: { user: { password: newPassword } } });
    // Refused ones too: a malformed body that contains the password, a bad token.
    await request('POST /api/users/login', { body: `{"user":{"email":"${user.email}","password":"${user.password}"` });
    await request('GET /api/user', { token: `${user.token}x` });
    expect(lines.some((line) => line.includes('"message":"request"'))).toBe(true);
    expectNoSecrets([user.password, newPassword, user.token, user.token.split('.')[2]!]);
  });

  it('through an unexpected error (500) while a password and token are in the request', async () => {
    const user = await registerFreshUser('logs');
    const remove = failing('GetItemCommand', 'the database is down');
    try {
      const response = await request('POST /api/users/login', { token: user.token, body: { user: { email: user.email, password: user.password } } });
      expect(response.status).toBe(500);
    } finally {
      remove();
    }
    expect(lines.some((line) => line.includes('unhandled error'))).toBe(true);
    expectNoSecrets([user.password, user.token]);
  });

  it('through a failed login that could not be counted (a warning)', async () => {
    const user = await registerFreshUser('logs');
    const remove = failing('UpdateItemCommand', 'throttled');
    try {
      const response = await requestFrom(freshAddress(), 'POST /api/users/login', {
        token: user.token,
        body: { user: { email: user.email, password: `${user.password}!` } },
      });
      expect(response.status).toBe(401);
    } finally {
      remove();
    }
    expect(lines.some((line) => line.includes('failed login not counted'))).toBe(true);
    expectNoSecrets([user.password, user.token]);
  });

  it('whatever key a secret is logged under, at any depth', () => {
    logger.error('oops', {
      request: { headers: { Authorization: 'Token abc.def.ghi' }, body: { user: { password: 'hunter2-hunter2' } } },
      jwt: 'jjj.kkk.lll',
      token: 't0ken',
    });
    expectNoSecrets(['abc.def.ghi', 'hunter2-hunter2', 'jjj.kkk.lll', 't0ken']);
  });
});
