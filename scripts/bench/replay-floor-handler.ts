// The floor a route's cold start and warm latency are measured against: the raw DynamoDB client, no framework,
// sending the calls the route's handler sent (recorded by the bench), round by round, each round's calls at once.
// Built with the handlers' esbuild settings. A call DynamoDB refuses (a condition that no longer holds when the
// calls are sent again) is still a round trip and is not an error here.
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

export interface ReplayEvent {
  /** Each round's calls: the operation and its input as sent on the wire (the low-level client's input). */
  rounds: { operation: string; input: string }[][];
}

// biome-ignore lint/suspicious/noExplicitAny: each command takes its own operation's input, parsed from the wire
const COMMANDS: Record<string, new (input: any) => unknown> = {
  GetItem: GetItemCommand,
  BatchGetItem: BatchGetItemCommand,
  Query: QueryCommand,
  TransactGetItems: TransactGetItemsCommand,
  PutItem: PutItemCommand,
  UpdateItem: UpdateItemCommand,
  DeleteItem: DeleteItemCommand,
  BatchWriteItem: BatchWriteItemCommand,
  TransactWriteItems: TransactWriteItemsCommand,
};

const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined });

export const handler = async (event: ReplayEvent) => {
  for (const round of event.rounds) {
    await Promise.all(
      round.map(({ operation, input }) => {
        const Command = COMMANDS[operation];
        if (!Command) throw new Error(`the replay floor has no ${operation}`);
        // Any command: send's overloads are per command type, and which one this is is known only at run time.
        return client.send(new Command(JSON.parse(input)) as GetItemCommand).catch(() => undefined);
      }),
    );
  }
  return { statusCode: 200, body: '{}' };
};
