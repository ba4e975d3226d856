import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolve } from '#lib/webhooks/address-guard';
import { postWebhook, RESPONSE_CAP_BYTES } from '#lib/webhooks/post';

// A server on 127.0.0.1 that answers by path; the sender is allowed loopback here as at stage local.
const hits: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  hits.push(request.url ?? '');
  request.resume();
  if (request.url === '/redirect') response.writeHead(302, { location: '/target' }).end();
  else if (request.url === '/huge') response.writeHead(200).end(Buffer.alloc(5 * 1024 * 1024, 'x'));
  else if (request.url === '/hang') return;
  else response.writeHead(204).end();
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const options = { local: true, connectTimeoutMs: 1_000, timeoutMs: 1_000 };
// A name no DNS knows, resolved by the stub to what each test says: the stub is this module's only double.
const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('postWebhook', () => {
  it('connects to the address the guard checked, not to whatever the name resolves to later', async () => {
    let lookups = 0;
    const once: Resolve = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const outcome = await postWebhook(`http://rebinding.invalid:${port}/ok`, {}, '{}', { ...options, resolve: once });
    expect(outcome).toEqual({ ok: true, status: 204, response: '' });
    expect(lookups).toBe(1);
  });

  it('refuses a name that resolves to a private or metadata address without connecting', async () => {
    for (const address of ['10.0.0.1', '169.254.169.254', '::ffff:192.168.0.1', 'fd00::1']) {
      const outcome = await postWebhook('https://hooks.example.com/', {}, '{}', { ...options, local: false, resolve: resolvesTo(address) });
      expect(outcome).toEqual({ ok: false, error: expect.stringContaining(`resolves to ${address}`) });
    }
  });

  it('refuses loopback outside stage local, and http outside stage local', async () => {
    expect(await postWebhook(`https://localhost:${port}/ok`, {}, '{}', { ...options, local: false, resolve: resolvesTo('127.0.0.1') })).toMatchObject({
      ok: false,
      error: expect.stringContaining('loopback'),
    });
    expect(await postWebhook(`http://127.0.0.1:${port}/ok`, {}, '{}', { ...options, local: false })).toEqual({ ok: false, error: 'http: is not allowed' });
  });

  it('follows no redirect: a 3xx is a failed send, and its target is never asked', async () => {
    hits.length = 0;
    const outcome = await postWebhook(`http://127.0.0.1:${port}/redirect`, {}, '{}', options);
    expect(outcome).toMatchObject({ ok: false, status: 302 });
    expect(hits).toEqual(['/redirect']);
  });

  it('reads at most a small cap of the answer', async () => {
    const started = Date.now();
    const outcome = await postWebhook(`http://127.0.0.1:${port}/huge`, {}, '{}', options);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect('response' in outcome && outcome.response.length).toBeLessThanOrEqual(RESPONSE_CAP_BYTES);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a receiver that does not answer within the total timeout', async () => {
    const started = Date.now();
    const outcome = await postWebhook(`http://127.0.0.1:${port}/hang`, {}, '{}', { ...options, timeoutMs: 300 });
    expect(outcome).toEqual({ ok: false, error: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
