import * as z from 'zod/mini';

/** What a user can subscribe an endpoint to: events about their own articles and their followers. */
export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.deleted', 'comment.created', 'profile.followed'] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Where a delivery stands: sending (retries included), done, given up after the last attempt, or dropped (endpoint disabled or gone). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

/**
 * A delivery on the webhooks queue: the same message carries every send of it. Between sends the consumer
 * hides it (ChangeMessageVisibility, up to 12 hours) rather than sending a new one, so a delivery is one
 * chain of sends however often SQS repeats a message. The delivery item holds the payload and the count.
 */
export const WebhookAttempt = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.literal('webhookAttempt'),
    ownerId: z.string(),
    endpointId: z.string(),
    deliveryId: z.string(),
  }),
);
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;
