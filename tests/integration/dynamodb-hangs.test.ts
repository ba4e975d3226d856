import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { config } from '#lib/config';
import { db, table } from '#lib/db/client';
import { request } from '../functions/support/conduit.ts';
import { startSilentServer } from '../support/silent-server.ts';

// DynamoDB accepts the connection and never answers. lib reads its endpoint and timeouts on first use, so
// this file points them at the silent server before anything talks to DynamoDB.
const silent = await startSilentServer();
process.env.DYNAMODB_ENDPOINT = silent.endpoint;
process.env.DYNAMODB_TIMEOUT_MS = '400';
afterAll(() => silent.close());

describe('a DynamoDB endpoint that accepts connections but never answers', () => {
  it('fails the call once every attempt has timed out, instead of hanging the invocation', async () => {
    const started = Date.now();
    const outcome = await db()
      .send(new GetCommand({ TableName: table(), Key: { PK: 'USER#nobody', SK: 'USER#nobody' } }))
      .then(
        () => 'answered',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
    const elapsed = Date.now() - started;

    expect(outcome).toBe('TimeoutError');
    // The SDK's three attempts, each cut at the timeout, plus its backoff between them.
    expect(elapsed).toBeLessThan(3 * 400 + 1_500);
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it('answers a request with a 500 within the deadline rather than holding it until Lambda times out', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const started = Date.now();
    const response = await request('GET /api/tags');
    const elapsed = Date.now() - started;
    stderr.mockRestore();

    expect(response.status).toBe(500);
    expect(elapsed).toBeLessThan(2 * (3 * config().dynamodbTimeoutMs + 1_500));
  });
});
