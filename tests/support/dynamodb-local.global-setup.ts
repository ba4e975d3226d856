import type { TestProject } from 'vitest/node';
import '../../scripts/local/quiet-sdk.ts';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { consoleOutput, Supervisor } from '../../scripts/local/supervisor.ts';
import { ensureTable } from '../../scripts/local/table.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    tableName: string;
  }
}

const TABLE_NAME = 'conduit-test';

/** One in-memory DynamoDB Local for the integration run, on a free port, with the table serverless.yml deploys. */
export default async function setup(project: TestProject) {
  const supervisor = new Supervisor((source, line) => {
    // DynamoDB Local prints its configuration on start; only what comes after that is worth seeing.
    if (/error|exception/i.test(line)) consoleOutput(source, line);
  });
  const endpoint = await startDynamoDbLocal({ port: await freePort() }, supervisor);
  await ensureTable(endpoint, TABLE_NAME);
  project.provide('dynamodbEndpoint', endpoint);
  project.provide('tableName', TABLE_NAME);
  return () => supervisor.stop();
}
