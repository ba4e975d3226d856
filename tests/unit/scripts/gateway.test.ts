import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../../scripts/local/gateway.ts';
import { freePort } from '../../../scripts/local/ports.ts';

// What serverless offline answers for an HTTP API route whose handler threw or could not be loaded.
const lambdaErrorDocument = JSON.stringify({
  errorMessage: '(0 , ne.default) is not a function',
  errorType: 'TypeError',
  stackTrace: ['TypeError: (0 , ne.default) is not a function', 'at route (lib/http/route.ts:56:10)'],
});

const answers: Record<string, { status: number; body: string; type?: string }> = {
  '/api/crashed': { status: 200, body: lambdaErrorDocument },
  '/api/tags': { status: 200, body: JSON.stringify({ tags: ['dragons'] }) },
  '/api/articles/missing': { status: 404, body: JSON.stringify({ errors: { article: ['not found'] } }) },
  '/api/articles/gone': { status: 204, body: '' },
  '/api/page': { status: 200, body: '<html>errorMessage</html>', type: 'text/html' },
};

let upstream: Server;
let gateway: RunningGateway;
const handlerErrors: string[] = [];

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let received = '';
    request.on('data', (chunk) => (received += chunk));
    request.on('end', () => {
      if (request.url === '/api/echo') {
        response.writeHead(201, { 'content-type': 'application/json', 'x-seen-authorization': request.headers.authorization ?? '' });
        return void response.end(JSON.stringify({ method: request.method, received }));
      }
      const answer = answers[request.url ?? ''] ?? { status: 500, body: '{}' };
      response.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json; charset=utf-8' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((listening) => upstream.listen(0, '127.0.0.1', listening));
  gateway = await startGateway({
    port: await freePort(),
    upstreamPort: (upstream.address() as AddressInfo).port,
    onHandlerError: (route, error) => handlerErrors.push(`${route} ${error.errorType}`),
  });
});

afterAll(async () => {
  await gateway.stop();
  await new Promise((closed) => upstream.close(closed));
});

const call = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${gateway.port}${path}`, init);

describe('the local API gateway', () => {
  it("answers a handler's crash, which serverless offline relays as a 200, with a 502 in the RealWorld error shape", async () => {
    const response = await call('/api/crashed');
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ errors: { server: ['the handler failed: TypeError: (0 , ne.default) is not a function'] } });
    expect(handlerErrors).toContain('GET /api/crashed TypeError');
  });

  it('passes real answers through unchanged: status, headers and body', async () => {
    const tags = await call('/api/tags');
    expect(tags.status).toBe(200);
    expect(await tags.json()).toEqual({ tags: ['dragons'] });
    const missing = await call('/api/articles/missing');
    expect([missing.status, await missing.json()]).toEqual([404, { errors: { article: ['not found'] } }]);
    const gone = await call('/api/articles/gone', { method: 'DELETE' });
    expect([gone.status, await gone.text()]).toEqual([204, '']);
    const page = await call('/api/page');
    expect([page.status, await page.text()]).toEqual([200, '<html>errorMessage</html>']);
  });

  it('relays the method, headers and body of a request', async () => {
    const response = await call('/api/echo', {
      method: 'PUT',
      headers: { authorization: 'Token abc', 'content-type': 'application/json' },
      body: '{"user":{}}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen-authorization')).toBe('Token abc');
    expect(await response.json()).toEqual({ method: 'PUT', received: '{"user":{}}' });
  });

  it('answers 502 in the RealWorld error shape while serverless offline is not listening', async () => {
    const orphan = await startGateway({ port: await freePort(), upstreamPort: await freePort() });
    try {
      const response = await fetch(`http://127.0.0.1:${orphan.port}/api/tags`);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { errors: { server: string[] } }).errors.server[0]).toMatch(/not answering/);
    } finally {
      await orphan.stop();
    }
  });
});
