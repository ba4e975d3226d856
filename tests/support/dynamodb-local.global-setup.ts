import type { TestProject } from 'vitest/node';
import '../../scripts/local/quiet-sdk.ts';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { readServerlessYml, resolveFixedValue } from '../../scripts/local/serverless-yml.ts';
import { queueTopology, startSqsEmulator } from '../../scripts/local/sqs.ts';
import { consoleOutput, Supervisor } from '../../scripts/local/supervisor.ts';
import { ensureTable } from '../../scripts/local/table.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    tableName: string;
    sqsEndpoint: string;
    queueNamePrefix: string;
  }
}

/** The serverless stage the integration run plays: its table and queues are named as serverless.yml names them. */
const STAGE = 'test';

/**
 * One in-memory DynamoDB Local for the integration run, on a free port, with the table serverless.yml
 * deploys; and one SQS emulator with the stage's queues, so the messages writes send after their commit
 * are accepted. Nothing consumes these queues: every outbox delivery stays pending until a test hands it
 * to a consumer. Tests that need queues of their own (stopping them, polling them) start their own.
 */
export default async function setup(project: TestProject) {
  const supervisor = new Supervisor((source, line) => {
    // DynamoDB Local prints its configuration on start; only what comes after that is worth seeing.
    if (/error|exception/i.test(line)) consoleOutput(source, line);
  });
  const serverlessYml = readServerlessYml();
  const tableName = resolveFixedValue(serverlessYml, '${self:custom.tableName}', STAGE);
  const queueNamePrefix = resolveFixedValue(serverlessYml, '${self:custom.queuePrefix}', STAGE);
  if (!tableName || !queueNamePrefix) throw new Error('serverless.yml: custom.tableName and custom.queuePrefix must be fixed by the file');

  const endpoint = await startDynamoDbLocal({ port: await freePort() }, supervisor);
  const sqs = await startSqsEmulator(await freePort(), queueTopology(serverlessYml, STAGE).queues);
  supervisor.manage('SQS emulator', sqs.stop);
  await ensureTable(endpoint, tableName);
  project.provide('dynamodbEndpoint', endpoint);
  project.provide('tableName', tableName);
  project.provide('sqsEndpoint', sqs.endpoint);
  project.provide('queueNamePrefix', queueNamePrefix);
  return () => supervisor.stop();
}
