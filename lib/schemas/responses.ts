import * as z from 'zod/mini';

// What the API answers, declared once: each route names its response schema (lib/http/route.ts), the mappers are
// typed by these schemas, the OpenAPI document is generated from them (lib/openapi/document.ts), and every response
// the tests receive is checked against them (tests/support/route-contract.ts). Strict objects: a field the
// schema does not name (a password hash, a key) is a failed check, not a leak.

const timestamp = z.iso.datetime();

export const Profile = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    username: z.string(),
    bio: z.nullable(z.string()),
    image: z.nullable(z.string()),
    following: z.boolean(),
  }),
);

export const User = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    email: z.string(),
    token: z.string(),
    username: z.string(),
    bio: z.nullable(z.string()),
    image: z.nullable(z.string()),
  }),
);

const articleFields = () => ({
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  tagList: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
  favorited: z.boolean(),
  favoritesCount: z.int(),
  author: Profile,
});

/** An entry of a list or feed page: the spec leaves `body` out of lists. */
export const ArticleListEntry = /* @__PURE__ */ z.lazy(() => z.strictObject(articleFields()));
export const Article = /* @__PURE__ */ z.lazy(() => z.strictObject({ ...articleFields(), body: z.string() }));

export const Comment = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: z.int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    body: z.string(),
    author: Profile,
  }),
);

export const UserResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ user: User }));
export const ProfileResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ profile: Profile }));
export const ArticleResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ article: Article }));
export const ArticleListResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ articles: z.array(ArticleListEntry), articlesCount: z.int() }));
export const CommentResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ comment: Comment }));
export const CommentListResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ comments: z.array(Comment) }));
export const TagListResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ tags: z.array(z.string()) }));

/** RealWorld's error shape: messages by the field they concern. */
export const ErrorResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ errors: z.record(z.string(), z.array(z.string())) }));

/** One entry of the moderation audit trail (an extension: lib/mappers/audit.ts). */
export const AuditEntryResponse = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: z.string(),
    createdAt: timestamp,
    action: z.string(),
    reason: z.string(),
    actor: z.union([z.strictObject({ username: z.nullable(z.string()) }), z.strictObject({ operator: z.nullable(z.string()) })]),
    subject: z.strictObject({ username: z.nullable(z.string()) }),
    articleId: z.optional(z.string()),
    commentId: z.optional(z.number()),
    role: z.optional(z.string()),
    content: z.optional(z.record(z.string(), z.unknown())),
  }),
);

export const AuditPageResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ auditEntries: z.array(AuditEntryResponse) }));

/** A webhook endpoint as its owner sees it (an extension); `secret` only in the answers that just made it. */
const Webhook = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
    disabledAt: z.nullable(timestamp),
    disabledReason: z.nullable(z.string()),
    secret: z.optional(z.string()),
  }),
);

export const WebhookResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ webhook: Webhook }));
export const WebhooksResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ webhooks: z.array(Webhook), webhooksCount: z.number() }));

const WebhookDelivery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: z.string(),
    type: z.string(),
    status: z.string(),
    attempts: z.number(),
    responseStatus: z.nullable(z.number()),
    error: z.nullable(z.string()),
    createdAt: timestamp,
    lastAttemptAt: z.nullable(timestamp),
    nextAttemptAt: z.nullable(timestamp),
  }),
);

export const WebhookDeliveriesResponse = /* @__PURE__ */ z.lazy(() => z.strictObject({ deliveries: z.array(WebhookDelivery) }));
