import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of the key bytes, and
// `webhook-signature` is `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, several
// space-separated while a rotated secret is still honoured.

const PREFIX = 'whsec_';

/** A new secret: 32 random bytes, as Standard Webhooks writes them. */
export const newSecret = () => `${PREFIX}${randomBytes(32).toString('base64')}`;

const keyOf = (secret: string) => Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');

/** The `webhook-signature` value of one message, signed with every secret given (the newest first). */
export function signature(secrets: string[], webhookId: string, timestamp: number, body: string): string {
  return secrets.map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(`${webhookId}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

/** The headers of one send: the id stays the same on every retry; the timestamp and signature are the send's own. */
export function signedHeaders(secrets: string[], webhookId: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secrets, webhookId, timestamp, body) };
}
