import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got: its Standard Webhooks headers, raw body, and whether the signature verified. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The payload, when it verified with the secret given; undefined otherwise. */
  verified?: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** How the receiver answers the next request: a status, or never (it holds the request open). */
export type Answer = number | 'hang';

/**
 * A receiver on 127.0.0.1 that verifies every request with the reference `standardwebhooks` library, as a
 * third party's would. Answers come from `answers` in turn, then 200. Dedupes by webhook-id in `events()`.
 */
export async function startWebhookReceiver(secret: () => string | undefined) {
  const received: ReceivedWebhook[] = [];
  const answers: Answer[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(request.headers[name] ?? '');
      const headers = {
        'webhook-id': header('webhook-id'),
        'webhook-timestamp': header('webhook-timestamp'),
        'webhook-signature': header('webhook-signature'),
      };
      let verified: ReceivedWebhook['verified'];
      const key = secret();
      try {
        if (key) verified = new Webhook(key).verify(body, headers) as ReceivedWebhook['verified'];
      } catch {
        verified = undefined;
      }
      received.push({ id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verified });
      for (const waiter of waiters.splice(0)) waiter();
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') return;
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    received,
    /** Answers the next requests with these, in order. */
    answer: (...next: Answer[]) => answers.push(...next),
    /** The events a receiver that drops repeated webhook-ids would process, in order of arrival. */
    events: () => [...new Map(received.flatMap((webhook) => (webhook.verified ? [[webhook.id, webhook.verified] as const] : []))).values()],
    /** Resolves once `count` requests have arrived, or fails after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`the receiver got ${received.length} of ${count} webhooks in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received.slice(0, count);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
