import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockedTarget, deliverableAddress, type Resolve } from '#lib/webhooks/address-guard';

/** The most of a receiver's answer read and kept: enough for an error message, never a large download. */
export const RESPONSE_CAP_BYTES = 1024;

export interface PostOptions {
  /** http:// allowed, and loopback addresses: stage local only. */
  local: boolean;
  connectTimeoutMs: number;
  timeoutMs: number;
  resolve?: Resolve;
}

/** What one send came to: the receiver's status (a redirect counts as a failure) or why there was none. */
export type PostOutcome = { ok: boolean; status: number; response: string } | { ok: false; error: string };

const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * POSTs `body` to `url` with `headers`: to an address checked by the SSRF guard and pinned (the socket
 * connects to it, so a DNS answer that changes between check and connect cannot redirect it), following no
 * redirect, within a connect and a total timeout, reading at most RESPONSE_CAP_BYTES of the answer.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<PostOutcome> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && !(options.local && target.protocol === 'http:')) return { ok: false, error: `${target.protocol} is not allowed` };
  let pinned: { address: string; family: number };
  try {
    pinned = await deliverableAddress(target.hostname, options.resolve ?? systemResolve, options.local);
  } catch (error) {
    return { ok: false, error: error instanceof BlockedTarget ? error.message : `cannot resolve ${target.hostname}` };
  }
  const pin: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    lookup: pin,
    // No pooled socket: each send connects to the address checked for it.
    agent: false,
    headers: { 'content-type': 'application/json', 'user-agent': 'Conduit-Webhooks/1', 'content-length': String(Buffer.byteLength(body)), ...headers },
  };
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      req.destroy();
      resolve(outcome);
    };
    const req = request(target, requestOptions, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => finish({ ok: status >= 200 && status < 300, status, response: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_CAP_BYTES) });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_CAP_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    const total = setTimeout(() => finish({ ok: false, error: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    const connect = setTimeout(() => finish({ ok: false, error: `no connection within ${options.connectTimeoutMs} ms` }), options.connectTimeoutMs);
    req.on('socket', (socket) => socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect)));
    req.on('error', (error) => finish({ ok: false, error: error.message }));
    req.end(body);
  });
}
