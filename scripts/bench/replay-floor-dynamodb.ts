import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { senderOf } from './replay-floor.ts';

/** The replay floor's DynamoDB: the raw client, every operation our handlers use. */
export const dynamodbSender = () =>
  senderOf(
    new DynamoDBClient({
      region: process.env.AWS_REGION ?? 'us-east-1',
      endpoint: process.env.DYNAMODB_ENDPOINT || undefined,
      // As lib/db/client.ts: DynamoDB Local takes any credentials.
      ...(process.env.DYNAMODB_ENDPOINT && { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    }),
    {
      GetItem: GetItemCommand,
      BatchGetItem: BatchGetItemCommand,
      Query: QueryCommand,
      TransactGetItems: TransactGetItemsCommand,
      PutItem: PutItemCommand,
      UpdateItem: UpdateItemCommand,
      DeleteItem: DeleteItemCommand,
      BatchWriteItem: BatchWriteItemCommand,
      TransactWriteItems: TransactWriteItemsCommand,
    },
  );
