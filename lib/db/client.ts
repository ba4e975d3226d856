import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#lib/config';
import { traced } from '#lib/powertools';

let client: DynamoDBDocumentClient | undefined;

/** Created on first use and kept for the container's life, so warm invocations reuse its connections. */
export function db(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(
    traced(
      new DynamoDBClient({
        region: config().region,
        // A stalled connection fails the attempt instead of hanging the invocation until Lambda kills it.
        // Without throwOnRequestTimeout the smithy handler only logs a warning when requestTimeout passes.
        requestHandler: { connectionTimeout: 1_000, requestTimeout: config().dynamodbTimeoutMs, throwOnRequestTimeout: true },
        ...(config().dynamodbEndpoint && {
          endpoint: config().dynamodbEndpoint,
          // DynamoDB Local accepts any credentials; fixed ones keep local runs from looking for an AWS profile.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      }),
    ),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return client;
}

/** The single table's name. */
export const table = () => config().tableName;
