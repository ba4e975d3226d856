// The replay floor of a route that calls DynamoDB and sends to queues (scripts/bench/replay-floor.ts).
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { replayHandler, senderOf } from './replay-floor.ts';
import { dynamodbSender } from './replay-floor-dynamodb.ts';

const sqs = new SQSClient({ endpoint: process.env.SQS_ENDPOINT || undefined });

export const handler = replayHandler({
  dynamodb: dynamodbSender(),
  sqs: senderOf(sqs, { SendMessageBatch: SendMessageBatchCommand, SendMessage: SendMessageCommand }),
});
