import type { RecordedCall } from './call-recorder.ts';
import type { ReplayEvent } from './replay-floor.ts';

/**
 * A condition that holds whatever the item holds, keeping the original's names and values in use: the replay
 * evaluates the route's condition and writes as the route's write did, instead of being refused at once because
 * the route's own write already happened (DynamoDB cancels a refused transaction before writing anything, so a
 * refused replay would be a cheaper floor than the route's work).
 */
const ALWAYS = 'attribute_exists(PK) OR attribute_not_exists(PK)';
type Conditional = { ConditionExpression?: string };
const holding = <T extends Conditional | undefined>(write: T): T =>
  write?.ConditionExpression ? { ...write, ConditionExpression: `(${write.ConditionExpression}) OR ${ALWAYS}` } : write;

export function replayedInput(operation: string, input: Record<string, unknown>): Record<string, unknown> {
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)) return holding(input);
  if (operation !== 'TransactWriteItems') return input;
  // The route's idempotency token would make DynamoDB answer the replay from the route's write without writing.
  const { ClientRequestToken: _, ...transaction } = input;
  const parts = input.TransactItems as Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', Conditional | undefined>[];
  return {
    ...transaction,
    TransactItems: parts.map((part) => ({
      ...part,
      ...(part.Put && { Put: holding(part.Put) }),
      ...(part.Update && { Update: holding(part.Update) }),
      ...(part.Delete && { Delete: holding(part.Delete) }),
      ...(part.ConditionCheck && { ConditionCheck: holding(part.ConditionCheck) }),
    })),
  };
}

/** A route's recorded calls as the replay floor's event (without the units the recorder asked for, with conditions that hold). */
export const replayEventOf = (rounds: RecordedCall[][], passwordHash?: ReplayEvent['passwordHash']): ReplayEvent => ({
  ...(passwordHash && { passwordHash }),
  rounds: rounds.map((round) =>
    round.map((call) => {
      const { ReturnConsumedCapacity: _, ...input } = JSON.parse(call.body) as Record<string, unknown>;
      return { service: call.service, operation: call.operation, input: JSON.stringify(replayedInput(call.operation, input)) };
    }),
  ),
});
