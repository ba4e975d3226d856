// The replay floor of a route that only calls DynamoDB (scripts/bench/replay-floor.ts).
import { replayHandler } from './replay-floor.ts';
import { dynamodbSender } from './replay-floor-dynamodb.ts';

export const handler = replayHandler({ dynamodb: dynamodbSender() });
