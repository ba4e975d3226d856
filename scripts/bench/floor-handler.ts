// The floor every handler is measured against: the DynamoDB document client and one GetItem, nothing else.
// Built with the handlers' esbuild settings, so the difference is what our code and its libraries add.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined }));

export const handler = async () => {
  const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: 'STATS', SK: 'ARTICLES' } }));
  return { statusCode: 200, body: JSON.stringify({ found: Item !== undefined }) };
};
