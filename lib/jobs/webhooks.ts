import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { config } from '#lib/config';
import { settleDelivery } from '#lib/db/outbox';
import { addDelivery, deliveryWithEndpoint, disableFailingEndpoint, endpointsOf, recordAttempt, recordSuccess, signingSecrets } from '#lib/db/webhooks';
import type { QueueMessage } from '#lib/events/domain-events';
import { hideMessage, MAX_VISIBILITY_SECONDS, sendToQueue } from '#lib/events/queues';
import { knownTarget, webhookEventOf } from '#lib/jobs/webhook-payloads';
import { correlationId, logger } from '#lib/powertools';
import { Deferred } from '#lib/queue/consumer';
import type { WebhookAttempt, WebhookEventType } from '#lib/webhooks/events';
import { postWebhook } from '#lib/webhooks/post';
import { signedHeaders } from '#lib/webhooks/signature';

/** Standard Webhooks' `webhook-id` of an event for an endpoint: the same however often the fan-out runs. */
export const webhookIdOf = (eventId: string, endpointId: string) =>
  `msg_${createHash('sha256').update(`${eventId}/${endpointId}`).digest('base64url').slice(0, 27)}`;

/**
 * The wait after failed send number `attempt`: `base` × 2^(attempt-1), with jitter (between half and all of
 * it, so endpoints that failed together do not retry together), at most SQS's 12-hour visibility.
 */
export const retryDelaySeconds = (attempt: number, base: number, random = Math.random()) =>
  Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(base * 2 ** (attempt - 1) * (0.5 + random / 2)));

const subscribedEndpoints = async (ownerId: string, type: WebhookEventType) =>
  (await endpointsOf(ownerId)).filter((endpoint) => endpoint.enabled && endpoint.events.includes(type));

/**
 * An outbox event on the webhooks queue: one delivery record and one message per endpoint of the owner's
 * that is enabled and subscribed, then the outbox delivery is settled. Run twice (a repeated message), it
 * makes new records but the same webhook ids, so a receiver sees the event once.
 */
export async function fanOut(message: QueueMessage): Promise<void> {
  // Most owners have no endpoint: where the event names its owner, their endpoints are read first, and the
  // event's article or follower (a BatchGetItem, article bodies included) only when someone listens.
  const target = knownTarget(message.event);
  const listening = target && (await subscribedEndpoints(target.ownerId, target.type));
  const webhookEvent = listening?.length === 0 ? undefined : await webhookEventOf(message.event);
  if (webhookEvent) {
    const { ownerId, type, data } = webhookEvent;
    const endpoints = listening ?? (await subscribedEndpoints(ownerId, type));
    const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    const deliveries = await Promise.all(endpoints.map((endpoint) => addDelivery(endpoint, webhookIdOf(message.eventId, endpoint.endpointId), type, payload)));
    const attempts = deliveries.map(
      (delivery): WebhookAttempt => ({ kind: 'webhookAttempt', ownerId, endpointId: delivery.endpointId, deliveryId: delivery.deliveryId }),
    );
    await sendToQueue(
      'webhooks',
      attempts.map((attempt) => ({ body: JSON.stringify(attempt), correlationId: correlationId() })),
    );
  }
  await settleDelivery(message);
}

/**
 * One send of a delivery. Done (the message is deleted) when it succeeded, when its last attempt failed, or
 * when there is nothing left to send to; otherwise the message is hidden until the next attempt is due and
 * reported failed, so SQS hands it back then (Deferred).
 */
export async function attemptDelivery(message: WebhookAttempt, record: Pick<SQSRecord, 'receiptHandle'>): Promise<void> {
  const settings = config().webhooks;
  const { endpoint, delivery } = await deliveryWithEndpoint(message.ownerId, message.endpointId, message.deliveryId);
  if (delivery?.status !== 'pending') return;
  if (!endpoint?.enabled || !endpoint.events.includes(delivery.type)) {
    const error = !endpoint
      ? 'the endpoint was deleted'
      : !endpoint.enabled
        ? 'the endpoint is disabled'
        : `the endpoint no longer subscribes to ${delivery.type}`;
    await recordAttempt(delivery, { status: 'cancelled', attempts: delivery.attempts, error });
    return;
  }
  const attempts = delivery.attempts + 1;
  const outcome = await postWebhook(endpoint.url, signedHeaders(signingSecrets(endpoint), delivery.webhookId, delivery.payload), delivery.payload, {
    local: config().stage === 'local',
    connectTimeoutMs: settings.connectTimeoutMs,
    timeoutMs: settings.timeoutMs,
  });
  const answer = 'status' in outcome ? { responseStatus: outcome.status } : {};
  const error = outcome.ok ? undefined : 'error' in outcome ? outcome.error : `answered ${outcome.status}`;
  if (outcome.ok) {
    await Promise.all([recordAttempt(delivery, { status: 'delivered', attempts, ...answer }), recordSuccess(endpoint)]);
    return;
  }
  if (attempts >= settings.maxAttempts) {
    if (!(await recordAttempt(delivery, { status: 'failed', attempts, ...answer, error }))) return;
    const reason = `${attempts} attempts to deliver ${delivery.webhookId} failed, none succeeded since ${delivery.createdAt}; last: ${error}`;
    if (await disableFailingEndpoint(endpoint, delivery.createdAt, reason))
      logger.warn('webhook endpoint disabled', { endpointId: endpoint.endpointId, reason });
    return;
  }
  const delay = retryDelaySeconds(attempts, settings.retryBaseSeconds);
  const nextAttemptAt = new Date(Date.now() + delay * 1000).toISOString();
  if (!(await recordAttempt(delivery, { status: 'pending', attempts, ...answer, error, nextAttemptAt }))) return;
  await hideMessage('webhooks', record.receiptHandle, delay);
  throw new Deferred(delay);
}
