import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { EXPIRES_AT, rateWindow } from '#lib/db/entities';
import { ENTITY } from '#lib/db/entity';
import { TooManyRequests } from '#lib/errors';

/** At most `max` hits per fixed window of `windowSeconds`, per subject. */
export interface RateLimit {
  name: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one hit of `subject` against `limit` in the current window, or throws TooManyRequests (retry when
 * the window ends) if the window is full: one conditional UpdateItem, so concurrent hits never overshoot.
 * A refused hit is not counted. Each window is its own item, expired by TTL, so nothing resets a counter.
 */
export async function countHit(limit: RateLimit, subject: string, now = Date.now()): Promise<void> {
  const nowSeconds = now / 1000;
  const windowStart = Math.floor(nowSeconds / limit.windowSeconds) * limit.windowSeconds;
  const windowEnd = windowStart + limit.windowSeconds;
  const counted = await conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: rateWindow.key(limit.name, subject, windowStart),
        UpdateExpression: 'ADD hits :one SET #expiresAt = :expiresAt, #entity = :entity',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
        ExpressionAttributeNames: { '#expiresAt': EXPIRES_AT, '#entity': ENTITY },
        ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':expiresAt': windowEnd, ':entity': rateWindow.type },
      }),
    ),
  );
  if (!counted) throw new TooManyRequests(windowEnd - nowSeconds, limit.name, `too many in ${limit.windowSeconds} seconds, try again later`);
}
