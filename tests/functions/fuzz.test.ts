import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredSpec } from '../../lib/openapi/contract.ts';
import { fromRepo } from '../../scripts/local/repo.ts';
import { httpEvent, lambdaContext } from '../support/http-event.ts';
import { contractProblems } from '../support/route-contract.ts';
import { type RegisteredUser, registerFreshUser } from '../support/users.ts';
import { createArticle } from './support/articles.ts';
import { type Route, routes } from './support/conduit.ts';
import { ownTable } from './support/own-table.ts';

// Property-based fuzzing of every route serverless.yml declares, from the zod schemas its route() declares:
// random and adversarial bodies, path parameters, query strings, headers and tokens. Whatever arrives, the
// answer is never a 5xx, every 4xx is RealWorld's error shape, and a refused request changes no stored data.
// Runs against a table of its own (named here, before lib reads its configuration), so a scan before and after
// a request sees only what this file does. FUZZ_SEED replays a run; FUZZ_RUNS changes how many per route.

const table = ownTable('fuzz');
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const numRuns = Number(process.env.FUZZ_RUNS ?? 30);

type Schema = {
  _zod: { innerType?: Schema; def: { type: string; shape?: Record<string, Schema>; innerType?: Schema; in?: Schema; element?: Schema; left?: Schema } };
};
/** The schema a lazy one (lib/schemas: built on first use) stands for; any other as it is. */
const built = (schema: Schema): Schema => (schema._zod.def.type === 'lazy' && schema._zod.innerType ? built(schema._zod.innerType) : schema);
interface Declared {
  spec: { auth: 'required' | 'optional' | 'none'; body?: Schema; params?: Schema; query?: Schema };
}
const isDeclared = (
  value: unknown,
): value is Declared & ((event: unknown, context: unknown) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>) =>
  typeof value === 'function' && 'spec' in value;

async function handlerOf(route: Route) {
  const definition = routes[route]!;
  const module: Record<string, unknown> = await import(/* @vite-ignore */ fromRepo(`${definition.file}.ts`));
  const handler = module[definition.exportName];
  if (!isDeclared(handler)) throw new Error(`${definition.file}.ts: its handler is not a route() with a spec`);
  return handler;
}

// Strings that have broken APIs: control characters, lone surrogates, bidi overrides, characters NFKC expands,
// huge strings, injection look-alikes, prototype keys, and what path and JWT parsing trip on.
const adversarialString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\u202Eevil',
    '\uFEFF',
    '\uFDFA',
    '\uFDFA'.repeat(40),
    'é'.normalize('NFD'),
    '𝕏'.repeat(30),
    'a'.repeat(10_001),
    'x'.repeat(300),
    '../../etc/passwd',
    '%00',
    '%E0%A4%A',
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'null',
    '-1',
    '1e309',
    '0x10',
    '9007199254740993',
    'a@b.c',
  ),
);
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    adversarialString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(adversarialString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const plausible = (key: string) =>
  key === 'email'
    ? fc.stringMatching(/^[a-z0-9]{1,12}$/).map((local) => `${local}-${randomUUID().slice(0, 6)}@example.com`)
    : key === 'username'
      ? fc.stringMatching(/^[a-z0-9_]{1,12}$/).map((name) => `${name}${randomUUID().slice(0, 6)}`)
      : key === 'password'
        ? fc.string({ minLength: 8, maxLength: 20 })
        : key === 'tagList'
          ? fc.array(fc.stringMatching(/^[a-z]{1,10}$/), { maxLength: 3 })
          : fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/);

/** Values for a schema: mostly near what it accepts (each field plausible, adversarial, or missing), sometimes anything. */
function fromSchema(schema: Schema | undefined, key = ''): fc.Arbitrary<unknown> {
  if (!schema) return anyJson;
  const def = built(schema)._zod.def;
  const inner = def.innerType ?? def.in ?? def.left;
  if (def.type === 'object' && def.shape) {
    const fields = Object.fromEntries(Object.entries(def.shape).map(([name, field]) => [name, fromSchema(field, name)]));
    return fc.oneof({ weight: 6, arbitrary: fc.record(fields, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyJson });
  }
  if (def.type === 'array') return fc.oneof(plausible(key), fc.array(fromSchema(def.element), { maxLength: 12 }), anyJson);
  if (inner) return fromSchema(inner, key);
  return fc.oneof({ weight: 3, arbitrary: plausible(key) }, { weight: 2, arbitrary: adversarialString }, { weight: 1, arbitrary: anyJson });
}

/** Path parameters and query strings are strings (or absent) whatever the schema wants. */
function stringsFromSchema(schema: Schema | undefined, names: string[]): fc.Arbitrary<Record<string, string> | undefined> {
  const def = schema && built(schema)._zod.def;
  const shape = def?.shape ?? def?.in?._zod.def.shape ?? {};
  const keys = [...new Set([...Object.keys(shape), ...names])];
  // A URL holds UTF-8, so API Gateway never delivers a lone surrogate in a path or query string.
  const value = (key: string) => fc.oneof(plausible(key).map(String), adversarialString, fc.integer({ min: -5, max: 20_000 }).map(String)).filter(wellFormed);
  const present = (record: Partial<Record<string, string>>) =>
    Object.fromEntries(Object.entries(record).flatMap(([key, text]): [string, string][] => (text === undefined ? [] : [[key, text]])));
  return fc.option(fc.record(Object.fromEntries(keys.map((key) => [key, value(key)])), { requiredKeys: [] }).map(present), { nil: undefined });
}

const wellFormed = (text: string) => {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

const secret = () => new TextEncoder().encode(process.env.JWT_SECRET);
const jwt = (claims: Record<string, unknown>, alg = 'HS256', key = secret()) =>
  new SignJWT(claims).setProtectedHeader({ alg }).setIssuer('conduit').setAudience('conduit-api').setIssuedAt().setExpirationTime('1h').sign(key);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe(`fuzzing every route (seed ${seed}, ${numRuns} runs a route; FUZZ_SEED=${seed} replays)`, () => {
  let user: RegisteredUser;
  let other: RegisteredUser;
  let slug: string;
  let tokens: fc.Arbitrary<string | undefined>;

  beforeAll(async () => {
    await table.create();
    [user, other] = await Promise.all([registerFreshUser('fuzz'), registerFreshUser('fuzz')]);
    ({ slug } = await createArticle(other.token));
    const sub = JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString()).sub as string;
    const now = Math.floor(Date.now() / 1000);
    const forged = await Promise.all([
      jwt({ sub }, 'HS512'),
      jwt({ sub }, 'HS256', new TextEncoder().encode('another-secret-of-at-least-32-characters!')),
      new SignJWT({ sub })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('conduit')
        .setAudience('conduit-api')
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(secret()),
      jwt({}),
    ]);
    // Signed by us for a user whose item does not exist (or with a `sub` that is no user id at all): every write
    // must be refused in its own transaction, nothing half-written (issue 9).
    forged.push(await jwt({ sub: 'a-user-that-does-not-exist' }), await jwt({ sub: { nested: true } }));
    // Mostly the valid token, so most requests get past authentication to the parsing and the data behind it.
    tokens = fc.oneof(
      { weight: 8, arbitrary: fc.constant(user.token) },
      fc.constant(undefined),
      fc.constantFrom(...forged),
      fc.constant(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, iss: 'conduit', aud: 'conduit-api', exp: now + 3600 })}.`),
      fc.tuple(anyJson, anyJson, adversarialString).map(([header, payload, signature]) => `${b64(header)}.${b64(payload)}.${b64(signature)}`),
      adversarialString,
      fc.constant('x'.repeat(20_000)),
    );
  });

  it.each(Object.keys(routes) as Route[])('%s: never a 5xx, every 4xx in the RealWorld error shape, a refusal changes nothing', async (route) => {
    const handler = await handlerOf(route);
    const names = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const request = fc.record({
      body: fc.oneof(
        { weight: 5, arbitrary: fromSchema(handler.spec.body).map((value) => JSON.stringify(value)) },
        {
          weight: 2,
          arbitrary: fc.oneof(
            adversarialString,
            fromSchema(handler.spec.body).map((value) => JSON.stringify(value).slice(0, -1)),
          ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      base64: fc.boolean(),
      params: fc.oneof(
        stringsFromSchema(handler.spec.params, names),
        fc.constant(Object.fromEntries(names.map((name) => [name, name === 'slug' ? slug : name === 'username' ? other.username : '1']))),
      ),
      query: stringsFromSchema(handler.spec.query, ['limit', 'offset']),
      token: tokens,
      scheme: fc.oneof({ weight: 6, arbitrary: fc.constant('Token') }, fc.constantFrom('Bearer', 'token', 'Basic', '', 'Token  ')),
      headers: fc.dictionary(fc.constantFrom('content-type', 'x-forwarded-for', 'content-length', 'x-amzn-trace-id'), adversarialString, { maxKeys: 2 }),
    });

    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const event = httpEvent({ routeKey: route, pathParameters: input.params, query: input.query, body: input.body, headers: input.headers });
        if (input.token !== undefined) event.headers.authorization = `${input.scheme} ${input.token}`;
        if (input.base64 && event.body !== undefined) {
          event.body = Buffer.from(event.body).toString('base64');
          event.isBase64Encoded = true;
        }
        // Each request from an address of its own, so the per-address limits never decide the answer.
        event.requestContext.http.sourceIp = `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
        const before = await table.snapshot();
        const result = await handler(event, lambdaContext());
        const status = result.statusCode ?? 200;
        expect(status, `${route} answered ${status}: ${result.body}`).toBeLessThan(500);
        expect(contractProblems(handler.spec as DeclaredSpec, result), `${route}: an answer its declaration does not allow`).toEqual([]);
        if (status >= 400) {
          const body = JSON.parse(result.body ?? '');
          expect(Object.keys(body)).toEqual(['errors']);
          expect(Object.keys(body.errors).length).toBeGreaterThan(0);
          for (const messages of Object.values(body.errors)) {
            expect(Array.isArray(messages) && messages.length > 0 && messages.every((message) => typeof message === 'string')).toBe(true);
          }
          expect(await table.snapshot(), `${route} answered ${status} but changed stored data`).toBe(before);
        }
      }),
      { numRuns, seed, endOnFailure: true },
    );
  });
});
