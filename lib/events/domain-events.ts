import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1));

/** Facts other data depends on. Each is written to the outbox in the same transaction as the change. */
export const DomainEvent = /* @__PURE__ */ z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('ArticlePublished'), articleId: id, authorId: id }),
    z.object({ type: z.literal('ArticleUpdated'), articleId: id, authorId: id, removedTags: z.array(z.string()) }),
    // slug: for the webhook payload, since the article is gone when it is sent (absent on events written before).
    z.object({ type: z.literal('ArticleDeleted'), articleId: id, authorId: id, tagList: z.array(z.string()), slug: z.optional(z.string()) }),
    z.object({ type: z.literal('UserFollowed'), readerId: id, authorId: id }),
    z.object({ type: z.literal('UserUnfollowed'), readerId: id, authorId: id }),
    // authorId is the comment's author; the article's author (whom the webhook is for) is read by the consumer.
    z.object({ type: z.literal('CommentCreated'), articleId: id, commentId: z.number(), authorId: id }),
  ]),
);
export type DomainEvent = z.infer<typeof DomainEvent>;

/** The queues consumers read; names are `<service>-<stage>-<queue>` (see serverless.yml). */
export const QUEUES = ['feed', 'follows', 'cleanup', 'webhooks'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Which consumers may need which event. */
export const destinations: Record<DomainEvent['type'], QueueName[]> = {
  ArticlePublished: ['feed', 'webhooks'],
  ArticleUpdated: ['cleanup', 'webhooks'],
  ArticleDeleted: ['feed', 'cleanup', 'webhooks'],
  UserFollowed: ['follows', 'webhooks'],
  UserUnfollowed: ['follows'],
  CommentCreated: ['webhooks'],
};

/** The queues this event goes to: an update that dropped no tag leaves the clean-up nothing to do. */
export const destinationsOf = (event: DomainEvent): QueueName[] =>
  event.type === 'ArticleUpdated' && event.removedTags.length === 0
    ? destinations[event.type].filter((queue) => queue !== 'cleanup')
    : destinations[event.type];

/**
 * What travels on a queue: the event, the outbox delivery it settles, for long jobs the point where
 * the previous message stopped, and the correlation id of the request that caused it.
 */
export const QueueMessage = /* @__PURE__ */ z.lazy(() =>
  z.object({
    eventId: id,
    queue: z.enum(QUEUES),
    event: DomainEvent,
    continueFrom: z.optional(z.record(z.string(), z.unknown())),
    /** The id of the request that caused the event (lib/powertools.ts), on every message and log line its work makes. */
    correlationId: z.optional(z.string()),
  }),
);
export type QueueMessage = z.infer<typeof QueueMessage>;
