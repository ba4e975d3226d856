import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { counter, entity, gsi1, gsi2, type Key, updatedEntity } from '#lib/db/entity';
import { DomainEvent, destinations, QUEUES } from '#lib/events/domain-events';
import { DELIVERY_STATUSES, WebhookEventType } from '#lib/webhooks/events';

// Every entity of the single table, declared once: its key, the index lists it is in, and the schema an item
// decodes with. No other module builds a PK or SK string. The design and its access patterns:
// lib/db/README.md.
// Each declaration is marked `/* @__PURE__ */`, as are the schemas lib/schemas exports: a call at a module's top
// level is kept in every bundle that imports the module unless it is, so a handler would carry every entity and
// schema (and the zod they need) instead of the ones it uses (tests/unit/bundle-size.test.ts).

export type { Key } from '#lib/db/entity';

/** Case-insensitive uniqueness for usernames and emails comes from lower-casing their claim keys. */
const fold = (value: string) => value.normalize('NFKC').toLowerCase();

/** A stable shard of `value` in 0…shards−1 (FNV-1a): the same value always lands in the same shard, and values spread evenly. */
const shardOf = (value: string, shards: number): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) hash = Math.imul(hash ^ value.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % shards;
};

/**
 * The tag lists (by last use in GSI2, by use in GSI3) are spread over TAG_LIST_SHARDS index partitions, a tag's
 * shard a hash of its name: every use moves the tag in both indexes, and one partition of each took every use
 * (lib/db/README.md, "Capacity"). Tags whose count last changed before the lists were sharded stay in
 * LEGACY_TAG_LIST until their next change moves them, so readers read it too.
 */
export const TAG_LIST_SHARDS = 8;
const LEGACY_TAG_LIST = 'TAGS';
const tagListPartition = (name: string) => `${LEGACY_TAG_LIST}#${shardOf(name, TAG_LIST_SHARDS)}`;
/** Every index partition a tag list spans, the legacy one included: a list is read from all of them in parallel. */
export const tagListPartitions: readonly string[] = [...Array.from({ length: TAG_LIST_SHARDS }, (_, shard) => `${LEGACY_TAG_LIST}#${shard}`), LEGACY_TAG_LIST];

/**
 * The secondary indexes' lists. Every index projects only keys and a few ids, so skipping N list entries
 * reads N small entries, never N whole articles.
 */
export const indexes = {
  allArticles: gsi1(() => 'ARTICLES'),
  articlesByTag: gsi1((tag: string) => `TAG#${tag}`),
  favoritesOfUser: gsi1((userId: string) => `FAVORITES#${userId}`),
  followersOf: gsi1((authorId: string) => `FOLLOWERS#${authorId}`),
  pendingDeliveries: gsi1((queue: string) => `OUTBOX#${queue}`),
  // Deliveries that failed too often, by when they were parked: kept for `npm run redrive`, never swept.
  parkedDeliveries: gsi1((queue: string) => `PARKED#${queue}`),
  articlesByAuthor: gsi2((authorId: string) => `AUTHOR#${authorId}`),
  tagsByLastUse: gsi2(tagListPartition),
  feedsWithArticle: gsi2((articleId: string) => `FEEDS_WITH#${articleId}`),
  // Tags by how many articles use them. Not an indexedList: its sort key is the tag item's own
  // `articlesCount` (a number), so the update that counts a use also moves the tag in the index.
  tagsByUse: { name: 'GSI3', pk: 'GSI3PK', sk: 'articlesCount', value: tagListPartition },
};

const id = z.string();
const nullableText = z.pipe(
  z.nullish(z.string()),
  z.transform((value: string | null | undefined) => value ?? null),
);
const version = z._default(z.number(), 0);

/** Who may do what, lowest first: a role may do everything the roles before it may. Absent on a user item means `user`. */
export const ROLES = ['user', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The roles at least as strong as `role`. */
export const rolesFrom = (role: Role): Role[] => ROLES.slice(ROLES.indexOf(role));

/** A user's partition: the profile, the follows they made, their webhook endpoints and count. */
const userPartition = (userId: string) => `USER#${userId}`;

export const user = /* @__PURE__ */ entity({
  type: 'user',
  key: (userId: string): Key => ({ PK: userPartition(userId), SK: 'PROFILE' }),
  identity: (value) => [value.userId],
  schema: () =>
    z.object({
      userId: id,
      username: z.string(),
      email: z.string(),
      passwordHash: z.string(),
      bio: nullableText,
      image: nullableText,
      createdAt: z.string(),
      updatedAt: z.string(),
      /** Optimistic lock: every update is conditional on the version it read. */
      version,
      /** Granted by an admin (or `npm run admin`); removed when revoked. */
      role: z.optional(z.enum(ROLES)),
      /** Set by a moderator's suspension (ISO time), removed on reinstatement: while set, nothing the user asks to write is written. */
      suspendedAt: z.optional(z.string()),
      /**
       * Sessions (lib/db/sessions.ts): a token is live while its generation is this one, or its session is the
       * one kept by the last password change. Absent on users from before sessions: generation 0.
       */
      sessionGeneration: z._default(z.number(), 0),
      keptSession: z.optional(z.string()),
    }),
});
export type User = z.output<typeof user.schema>;

export const usernameClaim = /* @__PURE__ */ entity({
  type: 'usernameClaim',
  key: (username: string): Key => ({ PK: `USERNAME#${fold(username)}`, SK: 'USERNAME' }),
  identity: (value) => [value.username],
  schema: () => z.object({ userId: id, username: z.string() }),
});

export const emailClaim = /* @__PURE__ */ entity({
  type: 'emailClaim',
  key: (email: string): Key => ({ PK: `EMAIL#${fold(email)}`, SK: 'EMAIL' }),
  identity: (value) => [value.email],
  schema: () => z.object({ userId: id, email: z.string() }),
});

export const follow = /* @__PURE__ */ entity({
  type: 'follow',
  key: (followerId: string, authorId: string): Key => ({ PK: userPartition(followerId), SK: `FOLLOWS#${authorId}` }),
  identity: (value) => [value.followerId, value.authorId],
  indexed: (value) => indexes.followersOf.entry(value.followerId, value.authorId),
  schema: () => z.object({ followerId: id, authorId: id, createdAt: z.string() }),
});

const articlePartition = (articleId: string) => `ARTICLE#${articleId}`;

/**
 * An article without its body: everything a list or feed entry shows, the favorites count and the version
 * writes are conditional on. The body is an item of its own (`articleBody`), so a page of summaries reads a
 * few hundred bytes per article, whatever the bodies weigh (read units are counted per item, by size).
 */
export const article = /* @__PURE__ */ entity({
  type: 'article',
  key: (articleId: string): Key => ({ PK: articlePartition(articleId), SK: 'ARTICLE' }),
  identity: (value) => [value.articleId],
  indexed: (value) => ({ ...indexes.allArticles.entry(value.articleId), ...indexes.articlesByAuthor.entry(value.articleId, value.authorId) }),
  schema: () =>
    z.object({
      articleId: id,
      slug: z.string(),
      title: z.string(),
      description: z.string(),
      tagList: z._default(z.array(z.string()), []),
      authorId: id,
      createdAt: z.string(),
      updatedAt: z.string(),
      favoritesCount: counter,
      version,
    }),
});
export type ArticleSummary = z.output<typeof article.schema>;

/** An article's body, written and deleted in the same transactions as its summary and read only with a single article. */
export const articleBody = /* @__PURE__ */ entity({
  type: 'articleBody',
  key: (articleId: string): Key => ({ PK: articlePartition(articleId), SK: 'BODY' }),
  identity: (value) => [value.articleId],
  schema: () => z.object({ articleId: id, body: z.string() }),
});

/** A whole article: its summary item and its body item. */
export type Article = ArticleSummary & { body: string };

/** An article's entry in its tag's list. */
export const articleTag = /* @__PURE__ */ entity({
  type: 'articleTag',
  key: (articleId: string, tag: string): Key => ({ PK: articlePartition(articleId), SK: `TAG#${tag}` }),
  identity: (value) => [value.articleId, value.tag],
  indexed: (value) => indexes.articlesByTag.entry(value.articleId, value.tag),
  schema: () => z.object({ articleId: id, authorId: id, tag: z.string() }),
});

export const favorite = /* @__PURE__ */ entity({
  type: 'favorite',
  key: (articleId: string, userId: string): Key => ({ PK: articlePartition(articleId), SK: `FAVORITED_BY#${userId}` }),
  identity: (value) => [value.articleId, value.userId],
  indexed: (value) => indexes.favoritesOfUser.entry(value.articleId, value.userId),
  schema: () => z.object({ articleId: id, authorId: id, userId: id, createdAt: z.string() }),
});

export const comment = /* @__PURE__ */ entity({
  type: 'comment',
  key: (articleId: string, commentId: number): Key => ({ PK: articlePartition(articleId), SK: `COMMENT#${String(commentId).padStart(16, '0')}` }),
  identity: (value) => [value.articleId, value.commentId],
  schema: () => z.object({ commentId: z.number(), articleId: id, authorId: id, body: z.string(), createdAt: z.string(), updatedAt: z.string() }),
});
export type Comment = z.output<typeof comment.schema>;

/** Every item of an article's partition (the article, its tag entries, favorites and comments), and its comments. */
export const articleItems = {
  partition: articlePartition,
  commentPrefix: 'COMMENT#',
};

/**
 * A tag in use: written by updates only, never in a transaction, as its count moves with its articles
 * (lib/db/tag-counts.ts); listed by last use in GSI2 and by use in GSI3, both in the tag's shard of the tag
 * lists, `TAGS#<0-7>`.
 */
export const tag = /* @__PURE__ */ updatedEntity({
  type: 'tag',
  key: (name: string): Key => ({ PK: `TAG#${name}`, SK: 'TAG' }),
  schema: () => z.object({ tag: z.string(), articlesCount: counter, lastUsedAt: z.optional(z.string()) }),
});
/** The tag a tag item's key names: the tag list's index projects keys, not the `tag` attribute. */
export const tagNameOf = (key: Pick<Key, 'PK'>) => key.PK.slice('TAG#'.length);

const feedPartition = (readerId: string) => `FEED#${readerId}`;

/** `articleId` by `authorId` in `readerId`'s feed. */
export const feedEntry = /* @__PURE__ */ entity({
  type: 'feedEntry',
  key: (readerId: string, articleId: string): Key => ({ PK: feedPartition(readerId), SK: `ARTICLE#${articleId}` }),
  identity: (value) => [value.readerId, value.articleId],
  // Indexed by article too, so a delete finds every feed the article is in, followers or not.
  indexed: (value) => indexes.feedsWithArticle.entry(value.readerId, value.articleId),
  schema: () => z.object({ readerId: id, articleId: id, authorId: id }),
});
export type FeedEntry = z.output<typeof feedEntry.schema>;

/** A reader's feed entries. */
export const feedEntries = { partition: feedPartition, prefix: 'ARTICLE#' };

/** How many entries a reader's feed holds; moves in the same transaction as the entries. */
export const feedCount = /* @__PURE__ */ updatedEntity({
  type: 'feedCount',
  key: (readerId: string): Key => ({ PK: feedPartition(readerId), SK: 'COUNT' }),
  schema: () => z.object({ feedCount: counter }),
});

/**
 * How many articles exist, kept in ARTICLE_COUNT_SHARDS items of one partition. Every publication and delete
 * moves the count in its transaction, and one item would make concurrent publications cancel each other
 * (TransactionConflict) long before DynamoDB's per-partition limits: see "Capacity" in README.md. An
 * article's shard follows from its id, so its delete and the daily recount find the same one.
 */
export const ARTICLE_COUNT_SHARDS = 64;
const ARTICLE_COUNT_PREFIX = 'ARTICLES#';
export const articleStats = Object.assign(
  updatedEntity({
    type: 'articleStats',
    key: (shard: number): Key => ({ PK: 'STATS', SK: `${ARTICLE_COUNT_PREFIX}${String(shard).padStart(2, '0')}` }),
    schema: () => z.object({ articlesCount: counter }),
  }),
  {
    /** The partition and sort-key prefix that hold every shard: one Query reads them all (a few hundred bytes, 0.5 RCU). */
    shards: { partition: 'STATS', sortKeyPrefix: ARTICLE_COUNT_PREFIX },
    // The id's last characters are random, so the shards fill evenly.
    shardOf: (articleId: string): number => shardOf(articleId, ARTICLE_COUNT_SHARDS),
  },
);

const eventType = z.custom<DomainEvent['type']>((value) => typeof value === 'string' && Object.hasOwn(destinations, value));

/** One event on its way to one queue; deleted by the consumer once the work is done. */
export const outboxDelivery = /* @__PURE__ */ entity({
  type: 'outboxDelivery',
  key: (eventId: string, queue: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: `QUEUE#${queue}` }),
  identity: (value) => [value.eventId, value.queue],
  // Pending deliveries of a queue, in the order they fall due; parked ones in a list of their own.
  indexed: (value) =>
    value.parkedAt
      ? indexes.parkedDeliveries.entry(`${value.parkedAt}#${value.eventId}`, value.queue)
      : indexes.pendingDeliveries.entry(`${value.dueAt}#${value.eventId}`, value.queue),
  schema: () =>
    z.object({
      eventId: id,
      queue: z.enum(QUEUES),
      eventType,
      articleId: z.optional(id),
      authorId: id,
      event: DomainEvent,
      createdAt: z.string(),
      /** When the sweeper sends it again unless it is settled first. */
      dueAt: z.string(),
      /** Times sent without being settled; at MAX_DELIVERY_ATTEMPTS the sweeper parks it instead. */
      attempts: z.number(),
      /** Where a long job's last step stopped: the sweeper resends from there, not from the start. */
      continueFrom: z.optional(z.record(z.string(), z.unknown())),
      /** Set when parked: out of the pending list, into the parked one. */
      parkedAt: z.optional(z.string()),
      /** The id of the request that caused the event: its resends and consumer runs log under it. */
      correlationId: z.optional(z.string()),
    }),
});
const eventIdOfDeliveryKey = (PK: string) => PK.slice('OUTBOX#'.length);

/** The event id of a delivery's index entry (a parked list's entries project only keys). */
export const deliveryEventId = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.object({ PK: z.string() }),
    z.transform(({ PK }: { PK: string }) => eventIdOfDeliveryKey(PK)),
  ),
);

/** A pending delivery as its list in the index shows it: the index projects the type and ids, and the key names the event. */
export const pendingDelivery = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.object({ PK: z.string(), eventType, articleId: z.optional(id), authorId: id }),
    z.transform(({ PK, ...rest }: { PK: string; eventType: DomainEvent['type']; articleId?: string; authorId: string }) => ({
      eventId: eventIdOfDeliveryKey(PK),
      ...rest,
    })),
  ),
);

/**
 * The feed queue's pending deliveries again, in PENDING_REPLICAS copies of one list, each its own partition: every
 * feed read queries the list (lib/db/feed.ts), and one partition serves ~6,000 such reads a second, so each read
 * picks one copy at random (lib/db/README.md, "Capacity"). A copy is written in the transaction that writes the
 * delivery and deleted when the delivery is settled; `expiresAt` clears copies a crash left behind.
 */
export const PENDING_REPLICAS = 8;
const pendingReplicaPartition = (replica: number) => `PENDING#feed#${replica}`;
export const pendingPublication = /* @__PURE__ */ entity({
  type: 'pendingPublication',
  // Sorted by article id, which is time-ordered: a read takes the newest articles' events first.
  key: (replica: number, articleId: string, eventId: string): Key => ({ PK: pendingReplicaPartition(replica), SK: `${articleId}#${eventId}` }),
  identity: (value) => [value.replica, value.articleId, value.eventId],
  schema: () => z.object({ replica: z.number(), eventId: id, eventType, articleId: id, authorId: id, expiresAt: z.number() }),
});
export const pendingPublications = {
  partition: pendingReplicaPartition,
  /** Every copy's key of one delivery. */
  keys: (articleId: string, eventId: string): Key[] =>
    Array.from({ length: PENDING_REPLICAS }, (_, replica) => pendingPublication.key(replica, articleId, eventId)),
};

export const AUDIT_ACTIONS = ['article.unpublish', 'comment.unpublish', 'user.suspend', 'user.reinstate', 'role.grant', 'role.revoke'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One moderation action, written in the transaction that makes it and never changed afterwards. One
 * partition, sorted by a time-ordered id, so the trail reads newest first in one query.
 */
export const auditEntry = /* @__PURE__ */ entity({
  type: 'auditEntry',
  key: (auditId: string): Key => ({ PK: 'AUDIT', SK: `ENTRY#${auditId}` }),
  identity: (value) => [value.auditId],
  schema: () =>
    z.object({
      auditId: id,
      createdAt: z.string(),
      action: z.enum(AUDIT_ACTIONS),
      /** The moderator or admin who acted; absent when `npm run admin` did, and then `operator` names who ran it. */
      actorId: z.optional(id),
      operator: z.optional(z.string()),
      /** The user acted on: the account, or the author of the content. */
      subjectId: id,
      articleId: z.optional(id),
      commentId: z.optional(z.number()),
      /** The role granted, or the one revoked. */
      role: z.optional(z.enum(ROLES)),
      reason: z.string(),
      /** Unpublished content as it was, so a mistaken unpublish can be undone by hand. */
      content: z.optional(z.record(z.string(), z.unknown())),
    }),
});
export type AuditEntry = z.output<typeof auditEntry.schema>;

/** The audit trail's partition. */
export const auditTrail = { partition: 'AUDIT' };

/** The attribute DynamoDB's time to live reads (epoch seconds): the table's TimeToLiveSpecification names it. */
export const EXPIRES_AT = 'expiresAt';

/**
 * How often `subject` did what `limit` counts in one fixed window (epoch seconds it starts at). Written by a
 * conditional update only; expires with its window, and readers never trust an expired one that TTL has not
 * deleted yet (TTL deletes within days, not seconds).
 */
export const rateWindow = /* @__PURE__ */ updatedEntity({
  type: 'rateWindow',
  key: (limit: string, subject: string, windowStart: number): Key => ({ PK: `LIMIT#${limit}#${subject}`, SK: `WINDOW#${windowStart}` }),
  schema: () => z.object({ hits: z.number(), expiresAt: z.number() }),
});

/**
 * Failed logins of one account or one address, until they are forgotten. An account is named by a hash of
 * its folded email: the key stays short whatever was typed, and the item holds no email.
 */
export const loginFailures = /* @__PURE__ */ updatedEntity({
  type: 'loginFailures',
  key: (scope: 'account' | 'address', subject: string): Key => ({
    PK: `LOGIN_FAILURES#${scope}#${scope === 'account' ? createHash('sha256').update(fold(subject)).digest('base64url') : subject}`,
    SK: 'FAILURES',
  }),
  schema: () => z.object({ failures: z.number(), lastFailedAt: z.number(), expiresAt: z.number() }),
});

/**
 * A user's webhook endpoint, in the user's partition (a user's endpoints are one Query). `secret` signs every
 * send; after a rotation the previous one signs too until `previousSecretUntil`, so receivers can switch over.
 */
export const webhookEndpoint = /* @__PURE__ */ entity({
  type: 'webhookEndpoint',
  key: (ownerId: string, endpointId: string): Key => ({ PK: userPartition(ownerId), SK: `WEBHOOK#${endpointId}` }),
  identity: (value) => [value.ownerId, value.endpointId],
  schema: () =>
    z.object({
      endpointId: id,
      ownerId: id,
      url: z.string(),
      events: z.array(WebhookEventType),
      enabled: z.boolean(),
      secret: z.string(),
      previousSecret: z.optional(z.string()),
      previousSecretUntil: z.optional(z.string()),
      createdAt: z.string(),
      updatedAt: z.string(),
      /** The last send it answered with a 2xx: a delivery that exhausts its attempts disables it only if none came since the delivery began. */
      lastSuccessAt: z.optional(z.string()),
      disabledAt: z.optional(z.string()),
      disabledReason: z.optional(z.string()),
    }),
});
export type WebhookEndpoint = z.output<typeof webhookEndpoint.schema>;

/** A user's endpoints. */
export const webhookEndpoints = { partition: userPartition, prefix: 'WEBHOOK#' };

/** How many endpoints a user has: moves in the transaction that creates or deletes one, so the limit holds under races. */
export const webhookCount = /* @__PURE__ */ updatedEntity({
  type: 'webhookCount',
  key: (ownerId: string): Key => ({ PK: userPartition(ownerId), SK: 'WEBHOOKS' }),
  schema: () => z.object({ webhooksCount: counter }),
});

const deliveryPartition = (endpointId: string) => `WEBHOOK#${endpointId}`;

/**
 * One event on its way to one endpoint: the payload signed on every send, and how the sends went. `deliveryId`
 * starts with the creation time, so an endpoint's deliveries read newest first; it expires after 30 days.
 */
export const webhookDelivery = /* @__PURE__ */ entity({
  type: 'webhookDelivery',
  key: (endpointId: string, deliveryId: string): Key => ({ PK: deliveryPartition(endpointId), SK: `DELIVERY#${deliveryId}` }),
  identity: (value) => [value.endpointId, value.deliveryId],
  schema: () =>
    z.object({
      deliveryId: id,
      endpointId: id,
      ownerId: id,
      /** Standard Webhooks' `webhook-id`: the same on every send, so a receiver drops repeats. */
      webhookId: id,
      type: WebhookEventType,
      payload: z.string(),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number(),
      createdAt: z.string(),
      lastAttemptAt: z.optional(z.string()),
      responseStatus: z.optional(z.number()),
      error: z.optional(z.string()),
      nextAttemptAt: z.optional(z.string()),
      expiresAt: z.number(),
    }),
});
export type WebhookDelivery = z.output<typeof webhookDelivery.schema>;

/** An endpoint's deliveries. */
export const webhookDeliveries = { partition: deliveryPartition, prefix: 'DELIVERY#' };
