import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#lib/config';

/** Created once per container, so warm invocations reuse its connections. */
export const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: config.region,
    ...(config.dynamodbEndpoint && {
      endpoint: config.dynamodbEndpoint,
      // DynamoDB Local accepts any credentials; fixed ones keep local runs from looking for an AWS profile.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const TABLE = config.tableName;
