import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '#lib/auth/jwt';
import { batchGet, keyString } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { counterChange } from '#lib/db/counters';
import {
  EXPIRES_AT,
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookCount,
  webhookDeliveries,
  webhookDelivery,
  webhookEndpoint,
  webhookEndpoints,
} from '#lib/db/entities';
import { ENTITY } from '#lib/db/entity';
import { queryItems } from '#lib/db/paging';
import { refuseViewer, viewerMayWrite } from '#lib/db/sessions';
import { conditionFailed, transactWrite } from '#lib/db/transactions';
import { Conflict, NotFound } from '#lib/errors';
import type { WebhookEventType } from '#lib/webhooks/events';
import { newSecret } from '#lib/webhooks/signature';

export type { WebhookDelivery, WebhookEndpoint } from '#lib/db/entities';

/** How long a rotated-out secret still signs, so a receiver has a day to switch to the new one. */
const PREVIOUS_SECRET_SECONDS = 24 * 60 * 60;
/** How long a delivery's record is kept (DynamoDB's TTL deletes it after). */
const DELIVERY_RECORD_SECONDS = 30 * 24 * 60 * 60;

const now = () => new Date().toISOString();

export interface EndpointInput {
  url: string;
  events: WebhookEventType[];
  enabled?: boolean;
}

/**
 * One transaction: the endpoint, the owner's endpoint count (at most `max`), and the owner still allowed to
 * write (lib/db/sessions.ts). Past the limit, a Conflict: one must be deleted first.
 */
export async function createEndpoint(owner: Session, input: EndpointInput, max: number): Promise<WebhookEndpoint> {
  const ownerId = owner.userId;
  const createdAt = now();
  const endpoint: WebhookEndpoint = {
    endpointId: randomUUID(),
    ownerId,
    url: input.url,
    events: input.events,
    enabled: input.enabled ?? true,
    secret: newSecret(),
    createdAt,
    updatedAt: createdAt,
  };
  try {
    await transactWrite([
      ['endpoint', { Put: { TableName: table(), Item: webhookEndpoint.item(endpoint), ConditionExpression: 'attribute_not_exists(PK)' } }],
      [
        'count',
        {
          Update: {
            TableName: table(),
            Key: webhookCount.key(ownerId),
            UpdateExpression: 'ADD webhooksCount :one SET #entity = :entity',
            ConditionExpression: 'attribute_not_exists(webhooksCount) OR webhooksCount < :max',
            ExpressionAttributeNames: { '#entity': ENTITY },
            ExpressionAttributeValues: { ':one': 1, ':entity': webhookCount.type, ':max': max },
          },
        },
      ],
      viewerMayWrite(owner),
    ]);
  } catch (error) {
    refuseViewer(error, owner);
    if (conditionFailed(error, 'count')) throw new Conflict(['webhooks'], `are at most ${max} per user`);
    throw error;
  }
  return endpoint;
}

/** A user's endpoints (at most the per-user limit: one Query). */
export async function endpointsOf(ownerId: string): Promise<WebhookEndpoint[]> {
  const items = await queryItems({ partition: webhookEndpoints.partition(ownerId), sortKeyPrefix: webhookEndpoints.prefix }, 100);
  return items.map(webhookEndpoint.decode);
}

export async function endpointOf(ownerId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: webhookEndpoint.key(ownerId, endpointId) }));
  return Item && webhookEndpoint.decode(Item);
}

/**
 * One transaction: the update of an endpoint of the owner's (NotFound when there is none), while the owner may
 * write (lib/db/sessions.ts); then the endpoint as written, read back, since a transaction returns no item.
 */
async function changeEndpoint(owner: Session, endpointId: string, update: SetAndRemove): Promise<WebhookEndpoint> {
  const key = webhookEndpoint.key(owner.userId, endpointId);
  try {
    await transactWrite([
      ['endpoint', { Update: { TableName: table(), Key: key, ...expression(updateExpression(update)), ConditionExpression: 'attribute_exists(PK)' } }],
      viewerMayWrite(owner),
    ]);
  } catch (error) {
    refuseViewer(error, owner);
    if (conditionFailed(error, 'endpoint')) throw new NotFound('webhook');
    throw error;
  }
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  // Deleted in the moment since the update.
  if (!Item) throw new NotFound('webhook');
  return webhookEndpoint.decode(Item);
}

/** Attributes to set (an undefined value removes the attribute), and values the condition uses. */
interface SetAndRemove {
  set: Record<string, unknown>;
  /** Attributes set to another attribute's value before the update: [to, from]. */
  copied?: [to: string, from: string][];
  /** Values the condition refers to, by placeholder (`:read`). */
  conditionValues?: Record<string, unknown>;
}

/**
 * An UpdateExpression of SET and REMOVE with every attribute named by placeholder (`url`, `error`, `status` are
 * reserved words); `nameOf` gives an attribute's placeholder, for the condition.
 */
function updateExpression({ set, copied = [], conditionValues = {} }: SetAndRemove) {
  const entries = Object.entries(set);
  const names = {
    ...Object.fromEntries(entries.map(([name], index) => [`#a${index}`, name])),
    ...Object.fromEntries(
      copied.flatMap(([to, from], index) => [
        [`#c${index}`, to],
        [`#f${index}`, from],
      ]),
    ),
  };
  const assigned = [
    ...entries.flatMap(([, value], index) => (value === undefined ? [] : [`#a${index} = :a${index}`])),
    ...copied.map((_, index) => `#c${index} = #f${index}`),
  ];
  const removed = entries.flatMap(([, value], index) => (value === undefined ? [`#a${index}`] : []));
  const nameOf = (attribute: string) => `#a${entries.findIndex(([name]) => name === attribute)}`;
  return {
    nameOf,
    UpdateExpression: [assigned.length ? `SET ${assigned.join(', ')}` : '', removed.length ? `REMOVE ${removed.join(', ')}` : ''].join(' ').trim(),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ...Object.fromEntries(entries.flatMap(([, value], index) => (value === undefined ? [] : [[`:a${index}`, value]]))),
      ...conditionValues,
    },
  };
}

const expression = ({ nameOf: _, ...parts }: ReturnType<typeof updateExpression>) => parts;

/** Changes url, events or enabled; enabling forgets why it was disabled. */
export function updateEndpoint(owner: Session, endpointId: string, changes: Partial<EndpointInput>): Promise<WebhookEndpoint> {
  const { url, events, enabled } = changes;
  const set: Record<string, unknown> = { updatedAt: now() };
  if (url !== undefined) set.url = url;
  if (events !== undefined) set.events = events;
  if (enabled !== undefined) set.enabled = enabled;
  if (enabled === true) Object.assign(set, { disabledAt: undefined, disabledReason: undefined });
  return changeEndpoint(owner, endpointId, { set });
}

/** A new secret; the old one keeps signing (beside the new) for a day. */
export function rotateSecret(owner: Session, endpointId: string): Promise<WebhookEndpoint> {
  const until = new Date(Date.now() + PREVIOUS_SECRET_SECONDS * 1000).toISOString();
  return changeEndpoint(owner, endpointId, {
    set: { secret: newSecret(), previousSecretUntil: until, updatedAt: now() },
    copied: [['previousSecret', 'secret']],
  });
}

/**
 * One transaction: the endpoint and the owner's count, while the owner may write (lib/db/sessions.ts). NotFound
 * when there is none. Its deliveries expire on their own.
 */
export async function deleteEndpoint(owner: Session, endpointId: string): Promise<void> {
  const ownerId = owner.userId;
  try {
    await transactWrite([
      ['endpoint', { Delete: { TableName: table(), Key: webhookEndpoint.key(ownerId, endpointId), ConditionExpression: 'attribute_exists(PK)' } }],
      ['count', counterChange(webhookCount, webhookCount.key(ownerId), 'webhooksCount', -1)],
      viewerMayWrite(owner),
    ]);
  } catch (error) {
    refuseViewer(error, owner);
    if (conditionFailed(error, 'endpoint')) throw new NotFound('webhook');
    throw error;
  }
}

/** An endpoint's latest deliveries, newest first, read beside the endpoint itself (so only its owner sees them): one round. */
export async function recentDeliveries(ownerId: string, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  const [endpoint, items] = await Promise.all([
    endpointOf(ownerId, endpointId),
    queryItems({ partition: webhookDeliveries.partition(endpointId), sortKeyPrefix: webhookDeliveries.prefix, newestFirst: true }, limit),
  ]);
  if (!endpoint) throw new NotFound('webhook');
  return items.map(webhookDelivery.decode);
}

/** The signing secrets of an endpoint now: the current one, and the previous one while it is honoured. */
export const signingSecrets = (endpoint: WebhookEndpoint, at = new Date()) =>
  endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > at.toISOString()
    ? [endpoint.secret, endpoint.previousSecret]
    : [endpoint.secret];

// The consumer's side.

/** A new delivery's record, pending its first send. */
export async function addDelivery(endpoint: WebhookEndpoint, webhookId: string, type: WebhookEventType, payload: string): Promise<WebhookDelivery> {
  const createdAt = now();
  const delivery: WebhookDelivery = {
    deliveryId: `${createdAt}_${webhookId}`,
    endpointId: endpoint.endpointId,
    ownerId: endpoint.ownerId,
    webhookId,
    type,
    payload,
    status: 'pending',
    attempts: 0,
    createdAt,
    [EXPIRES_AT]: Math.floor(Date.now() / 1000) + DELIVERY_RECORD_SECONDS,
  };
  await db().send(new PutCommand({ TableName: table(), Item: webhookDelivery.item(delivery) }));
  return delivery;
}

/** An endpoint and one of its deliveries, in one BatchGetItem. */
export async function deliveryWithEndpoint(
  ownerId: string,
  endpointId: string,
  deliveryId: string,
): Promise<{ endpoint?: WebhookEndpoint; delivery?: WebhookDelivery }> {
  const endpointKey = webhookEndpoint.key(ownerId, endpointId);
  const deliveryKey = webhookDelivery.key(endpointId, deliveryId);
  const found = await batchGet([endpointKey, deliveryKey]);
  const endpointItem = found.get(keyString(endpointKey));
  const deliveryItem = found.get(keyString(deliveryKey));
  return { endpoint: endpointItem && webhookEndpoint.decode(endpointItem), delivery: deliveryItem && webhookDelivery.decode(deliveryItem) };
}

export interface AttemptRecord {
  status: WebhookDelivery['status'];
  attempts: number;
  responseStatus?: number;
  error?: string;
  nextAttemptAt?: string;
}

/**
 * How a send went, on the delivery's record, if the delivery is still as `delivery` was read: false when a
 * repeat of the message got there first (that one goes on with the delivery; this one stops).
 */
export function recordAttempt(delivery: WebhookDelivery, record: AttemptRecord): Promise<boolean> {
  const { status, attempts, responseStatus, error, nextAttemptAt } = record;
  const update = updateExpression({
    set: { status, attempts, lastAttemptAt: now(), responseStatus, error, nextAttemptAt },
    conditionValues: { ':pending': 'pending', ':read': delivery.attempts },
  });
  const condition = `${update.nameOf('status')} = :pending AND ${update.nameOf('attempts')} = :read`;
  return conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: webhookDelivery.key(delivery.endpointId, delivery.deliveryId),
        ...expression(update),
        ConditionExpression: condition,
      }),
    ),
  );
}

/** The endpoint answered a send with a 2xx. */
export async function recordSuccess(endpoint: WebhookEndpoint): Promise<void> {
  await conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: webhookEndpoint.key(endpoint.ownerId, endpoint.endpointId),
        UpdateExpression: 'SET lastSuccessAt = :now',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':now': now() },
      }),
    ),
  );
}

/**
 * Disables an endpoint whose delivery begun at `since` failed every attempt, unless some send succeeded since
 * then (the endpoint works; that one delivery did not). True when it was disabled.
 */
export function disableFailingEndpoint(endpoint: WebhookEndpoint, since: string, reason: string): Promise<boolean> {
  return conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: webhookEndpoint.key(endpoint.ownerId, endpoint.endpointId),
        UpdateExpression: 'SET enabled = :false, disabledAt = :now, disabledReason = :reason, updatedAt = :now',
        ConditionExpression: 'enabled = :true AND (attribute_not_exists(lastSuccessAt) OR lastSuccessAt < :since)',
        ExpressionAttributeValues: { ':false': false, ':true': true, ':now': now(), ':reason': reason, ':since': since },
      }),
    ),
  );
}
