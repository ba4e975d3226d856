// npm run webhook-receiver [-- --token <jwt>]: a receiver on 127.0.0.1 that prints each webhook it gets and
// whether its signature verifies (with the reference `standardwebhooks` library). With --token it registers
// itself for every event through the API of a running npm start (API_URL) and removes itself on Ctrl-C;
// otherwise give it the endpoint's secret as WEBHOOK_SECRET.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENTS } from '../lib/webhooks/events.ts';

const { values } = parseArgs({ options: { token: { type: 'string' }, port: { type: 'string' } } });
const port = Number(values.port ?? process.env.WEBHOOK_RECEIVER_PORT ?? 4000);
const api = process.env.API_URL ?? 'http://localhost:3000/api';
const url = `http://127.0.0.1:${port}/`;
let secret = process.env.WEBHOOK_SECRET;
let endpointId: string | undefined;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Token ${values.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name] ?? '')]));
    let verdict = 'not verified (no WEBHOOK_SECRET)';
    if (secret) {
      try {
        new Webhook(secret).verify(body, headers);
        verdict = 'signature verified';
      } catch (error) {
        verdict = `SIGNATURE REFUSED: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    console.log(`\n${new Date().toISOString()} ${headers['webhook-id']} (${verdict})\n${body}`);
    response.writeHead(204).end();
  });
});

server.listen(port, '127.0.0.1', async () => {
  console.log(`webhook receiver listening at ${url}`);
  if (values.token) {
    const created = (await call('POST', '/webhooks', { webhook: { url, events: WEBHOOK_EVENTS } })) as { webhook: { id: string; secret: string } };
    endpointId = created.webhook.id;
    secret = created.webhook.secret;
    console.log(`registered as webhook ${endpointId} for ${WEBHOOK_EVENTS.join(', ')} at ${api}`);
  } else if (!secret) {
    console.log(`register ${url} with POST ${api}/webhooks and restart with WEBHOOK_SECRET=<its secret>, or pass -- --token <jwt>`);
  }
});

process.on('SIGINT', async () => {
  if (endpointId) await call('DELETE', `/webhooks/${endpointId}`).catch((error: unknown) => console.error(String(error)));
  server.close();
  process.exit(0);
});
