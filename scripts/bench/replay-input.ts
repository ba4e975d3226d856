import { randomInt } from 'node:crypto';
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

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The string and number attribute values' places in DynamoDB's wire format (numbers are sent as strings). */
const VALUE_TYPES = new Set(['S', 'N', 'SS', 'NS']);

/** A value's words and what separates them: `ARTICLE#01JA` is `ARTICLE`, `#`, `01JA`. Words are at even places. */
const wordsOf = (value: string) => value.split(/([^A-Za-z0-9]+)/);
/**
 * Words shorter than this are not taken for a request's own even when they differ (a minute, a shard number):
 * they would also match the same word in values every request shares. Ids, slugs' suffixes and times are longer.
 */
const OWN_WORD_LENGTH = 4;

/** The words of each attribute value in `value` (at any depth) that differ from `other`'s at the same place. */
function differingWords(value: Json, other: Json | undefined, type: string | undefined, into: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (!type || !VALUE_TYPES.has(type) || value === other) return into;
    const words = wordsOf(value);
    const others = typeof other === 'string' ? wordsOf(other) : [];
    words.forEach((word, index) => {
      if (index % 2 === 0 && word.length >= OWN_WORD_LENGTH && word !== others[index]) into.add(word);
    });
  } else if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) differingWords(element, Array.isArray(other) ? other[index] : undefined, type, into);
  } else if (value && typeof value === 'object') {
    const others = other && typeof other === 'object' && !Array.isArray(other) ? other : {};
    for (const [key, element] of Object.entries(value)) differingWords(element, others[key], key, into);
  }
  return into;
}

/**
 * What a request of a route made for itself: the words (ids, slugs' suffixes, times; numbers, which DynamoDB
 * sends as strings) in its DynamoDB calls' attribute values that another request of the same route, making the
 * same calls, sent differently. Replayed as recorded, the floor would overwrite the items the route's request
 * inserted; replayed with these words new (withNewValues), it inserts, as each request of the route does.
 * Calls sent together reach the recorder in either order: each call is compared with the other request's call
 * of the same operation that differs from it least.
 */
export function valuesOfItsOwn(request: RecordedCall[], other: RecordedCall[]): Set<string> {
  const operations = (calls: RecordedCall[]) =>
    calls
      .map((call) => `${call.service} ${call.operation}`)
      .sort()
      .join();
  if (operations(request) !== operations(other)) throw new Error('the two requests compared did not make the same calls');
  const own = new Set<string>();
  const unpaired = other.map((call) => ({ operation: call.operation, body: JSON.parse(call.body) as Json }));
  for (const call of request.filter((recorded) => recorded.service === 'dynamodb')) {
    const body = JSON.parse(call.body) as Json;
    const [closest] = unpaired
      .filter((candidate) => candidate.operation === call.operation)
      .map((candidate) => ({ candidate, differing: differingWords(body, candidate.body, undefined, new Set()) }))
      .sort((a, b) => a.differing.size - b.differing.size);
    unpaired.splice(unpaired.indexOf(closest!.candidate), 1);
    for (const word of closest!.differing) own.add(word);
  }
  return own;
}

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const pick = (characters: string, from = 0) => characters[randomInt(from, characters.length)]!;

/** A word of the same length and the same kinds of characters (a number stays a number of as many digits). */
export const newValueLike = (value: string) =>
  [...value]
    .map((character, index) => {
      if (DIGITS.includes(character)) return pick(DIGITS, index === 0 && character !== '0' ? 1 : 0);
      if (LOWER.includes(character)) return pick(LOWER);
      if (UPPER.includes(character)) return pick(UPPER);
      return character;
    })
    .join('');

function replaced(value: Json, type: string | undefined, newWords: Map<string, string>, own: Set<string>): Json {
  if (typeof value === 'string') {
    if (!type || !VALUE_TYPES.has(type)) return value;
    return wordsOf(value)
      .map((word, index) => {
        if (index % 2 === 1 || !own.has(word)) return word;
        if (!newWords.has(word)) newWords.set(word, newValueLike(word));
        return newWords.get(word)!;
      })
      .join('');
  }
  if (Array.isArray(value)) return value.map((element) => replaced(element, type, newWords, own));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, replaced(element, key, newWords, own)]));
  }
  return value;
}

/** The floor's event with each of the route's own words made new, the same word the same way wherever it recurs. */
export function withNewValues(event: ReplayEvent, own: Set<string>): ReplayEvent {
  if (own.size === 0) return event;
  const newWords = new Map<string, string>();
  return {
    ...event,
    rounds: event.rounds.map((round) =>
      round.map((call) =>
        call.service === 'dynamodb' ? { ...call, input: JSON.stringify(replaced(JSON.parse(call.input) as Json, undefined, newWords, own)) } : call,
      ),
    ),
  };
}
