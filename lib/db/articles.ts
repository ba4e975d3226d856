import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Session } from '#lib/auth/jwt';
import { batchGet, keyString } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { ConcurrentChange } from '#lib/db/concurrency';
import { counterChange } from '#lib/db/counters';
import {
  type Article,
  type ArticleSummary,
  articleBody,
  article as articleEntity,
  articleItems,
  articleStats,
  articleTag,
  type Key,
  user,
} from '#lib/db/entities';
import { ENTITY, type Item } from '#lib/db/entity';
import { type Outgoing, outboxFor } from '#lib/db/outbox';
import { type Continuation, queryPage } from '#lib/db/paging';
import { onUserItem, refuseViewer, type UserCondition, userCheck, viewerCondition, viewerMayWrite } from '#lib/db/sessions';
import { type TagCountChange, writeWithTagCounts } from '#lib/db/tag-counts';
import { conditionFailed, isTransactionConflict, type TransactPart } from '#lib/db/transactions';
import { articleSlug, newArticleId } from '#lib/slug';

export type { Article, ArticleSummary } from '#lib/db/entities';

/** The two items of a whole article, to read in one BatchGetItem with whatever else a request needs. */
export const wholeArticleKeys = (articleId: string): Key[] => [articleEntity.key(articleId), articleBody.key(articleId)];

/**
 * A whole article out of a BatchGetItem's answer that asked for wholeArticleKeys; undefined when it is gone.
 * Articles written before bodies had an item of their own keep the body on the summary item.
 */
export function wholeArticle(found: Map<string, Item>, articleId: string): Article | undefined {
  const summary = found.get(keyString(articleEntity.key(articleId)));
  if (!summary) return undefined;
  const bodyItem = found.get(keyString(articleBody.key(articleId)));
  return { ...articleEntity.decode(summary), body: bodyItem ? articleBody.decode(bodyItem).body : z.string().parse(summary.body) };
}

/** The whole article, body included, in one round trip. */
export async function articleById(articleId: string): Promise<Article | undefined> {
  return wholeArticle(await batchGet(wholeArticleKeys(articleId)), articleId);
}

/** The article without its body: what a delete needs. */
export async function articleSummaryById(articleId: string): Promise<ArticleSummary | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: articleEntity.key(articleId) }));
  return Item ? articleEntity.decode(Item) : undefined;
}

/** Existence only, without reading the article's body. */
export async function articleExists(articleId: string): Promise<boolean> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: articleEntity.key(articleId), ProjectionExpression: 'PK' }));
  return Item !== undefined;
}

const tagEntry = (article: Pick<ArticleSummary, 'articleId' | 'authorId'>, tag: string): TransactPart => [
  `tag entry ${tag}`,
  { Put: { TableName: table(), Item: articleTag.item({ articleId: article.articleId, authorId: article.authorId, tag }) } },
];

const tagEntryRemoval = (articleId: string, tag: string): TransactPart => [
  `tag entry ${tag}`,
  { Delete: { TableName: table(), Key: articleTag.key(articleId, tag) } },
];

const taken = (tag: string): TagCountChange => ({ tag, delta: 1 });
const dropped = (tag: string): TagCountChange => ({ tag, delta: -1 });

/** The article count moves in the shard the article's id names (articleStats in entities.ts). */
const articleCountChange = (articleId: string, delta: 1 | -1): TransactPart => [
  'article count',
  counterChange(articleStats, articleStats.key(articleStats.shardOf(articleId)), 'articlesCount', delta),
];

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

/**
 * One transaction: the article's summary and body, one index entry per tag, the global and per-author article
 * counters, and the ArticlePublished event; the tag counts beside it (lib/db/tag-counts.ts). The caller sends
 * `outgoing` once it returns.
 */
export async function createArticle(author: Session, input: NewArticle): Promise<{ article: Article; outgoing: Outgoing }> {
  const authorId = author.userId;
  const now = new Date();
  const articleId = newArticleId(now.getTime());
  const createdAt = now.toISOString();
  const article: Article = {
    articleId,
    slug: articleSlug(input.title, articleId),
    title: input.title,
    description: input.description,
    body: input.body,
    tagList: input.tagList,
    authorId,
    createdAt,
    updatedAt: createdAt,
    favoritesCount: 0,
    version: 1,
  };
  const outgoing = outboxFor({ type: 'ArticlePublished', articleId, authorId });
  try {
    await writeWithTagCounts(
      [
        ['article', { Put: { TableName: table(), Item: articleEntity.item(article), ConditionExpression: 'attribute_not_exists(PK)' } }],
        bodyPut(article),
        ...article.tagList.map((tag) => tagEntry(article, tag)),
        articleCountChange(articleId, 1),
        onUserItem(counterChange(user, user.key(authorId), 'articlesCount', 1), viewerCondition(author)),
        ...outgoing.parts,
      ],
      article.tagList.map(taken),
      createdAt,
    );
  } catch (error) {
    refuseViewer(error, author);
    throw error;
  }
  return { article, outgoing };
}

export type ArticleChanges = Partial<NewArticle>;

const bodyPut = ({ articleId, body }: Article): TransactPart => ['article body', { Put: { TableName: table(), Item: articleBody.item({ articleId, body }) } }];

/** The article changed between our read and our write, or another transaction held it. */
const lostRace = (error: unknown) => conditionFailed(error, 'article') || isTransactionConflict(error);

/**
 * One transaction, conditional on the version read: the article, its body if it changed, the tag entries that
 * differ (their counts beside it), and the ArticleUpdated event (for webhooks; and for the clean-up when tags were dropped). Throws
 * ConcurrentChange when the article changed since `current` was read.
 */
export async function updateArticle(author: Session, current: Article, changes: ArticleChanges): Promise<{ article: Article; outgoing: Outgoing }> {
  const updatedAt = new Date().toISOString();
  const title = changes.title ?? current.title;
  const updated: Article = {
    ...current,
    ...changes,
    slug: title === current.title ? current.slug : articleSlug(title, current.articleId),
    updatedAt,
    version: current.version + 1,
  };
  const bodyChanged = updated.body !== current.body;
  const removedTags = current.tagList.filter((tag) => !updated.tagList.includes(tag));
  const addedTags = updated.tagList.filter((tag) => !current.tagList.includes(tag));
  const outgoing = outboxFor({ type: 'ArticleUpdated', articleId: current.articleId, authorId: current.authorId, removedTags });
  try {
    const parts: TransactPart[] = [
      [
        'article',
        {
          Update: {
            TableName: table(),
            Key: articleEntity.key(current.articleId),
            UpdateExpression:
              // With a new body, REMOVE the body an article written before bodies had an item of their own still carries.
              `SET title = :title, slug = :slug, description = :description, tagList = :tagList, updatedAt = :updatedAt, version = :next${bodyChanged ? ' REMOVE body' : ''}`,
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':title': updated.title,
              ':slug': updated.slug,
              ':description': updated.description,
              ':tagList': updated.tagList,
              ':updatedAt': updatedAt,
              ':next': updated.version,
              ':version': current.version,
            },
          },
        },
      ],
      ...(bodyChanged ? [bodyPut(updated)] : []),
      ...removedTags.map((tag) => tagEntryRemoval(current.articleId, tag)),
      ...addedTags.map((tag) => tagEntry(current, tag)),
      viewerMayWrite(author),
      ...outgoing.parts,
    ];
    await writeWithTagCounts(parts, [...removedTags.map(dropped), ...addedTags.map(taken)], updatedAt);
  } catch (error) {
    refuseViewer(error, author);
    if (lostRace(error)) throw new ConcurrentChange('article');
    throw error;
  }
  return { article: updated, outgoing };
}

/** Who deletes an article, the condition on their user item the delete holds under, and what its failure means. */
export interface Deleter {
  userId: string;
  condition: UserCondition;
  /** Throws the domain error for a failed `condition` (a refused viewer or moderator); returns when it held. */
  refuse: (error: unknown) => void;
}

/** The author deleting their own article, under the viewer's condition (lib/db/sessions.ts). */
export const authorDeleting = (author: Session): Deleter => ({
  userId: author.userId,
  condition: viewerCondition(author),
  refuse: (error) => refuseViewer(error, author),
});

/**
 * One transaction: the article's summary and body, its tag entries, the counters (tags' beside it), the ArticleDeleted event, the deleter's
 * condition (the author's `viewerCondition`, or a moderator's role) and any `extra` parts (an audit entry).
 * A failed condition is refused here, by the deleter's `refuse`. Comments,
 * favorites and feed entries are removed by the event's consumers; without the article item they are
 * unreachable meanwhile. Throws ConcurrentChange when the article changed since `current` was read.
 */
export async function deleteArticle(current: ArticleSummary, deleter: Deleter, extra: TransactPart[] = []): Promise<Outgoing> {
  const authorCount = counterChange(user, user.key(current.authorId), 'articlesCount', -1);
  // One transaction touches an item once: the author's own delete puts its condition on the author's count.
  const byAuthor = deleter.userId === current.authorId;
  const outgoing = outboxFor({
    type: 'ArticleDeleted',
    articleId: current.articleId,
    authorId: current.authorId,
    tagList: current.tagList,
    slug: current.slug,
  });
  try {
    const parts: TransactPart[] = [
      [
        'article',
        {
          Delete: {
            TableName: table(),
            Key: articleEntity.key(current.articleId),
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': current.version },
          },
        },
      ],
      ['article body', { Delete: { TableName: table(), Key: articleBody.key(current.articleId) } }],
      ...current.tagList.map((tag) => tagEntryRemoval(current.articleId, tag)),
      articleCountChange(current.articleId, -1),
      ...(byAuthor ? [onUserItem(authorCount, deleter.condition)] : [['author', authorCount] as const, userCheck(deleter.userId, deleter.condition)]),
      ...extra,
      ...outgoing.parts,
    ];
    await writeWithTagCounts(parts, current.tagList.map(dropped), new Date().toISOString());
  } catch (error) {
    deleter.refuse(error);
    if (lostRace(error)) throw new ConcurrentChange('article');
    throw error;
  }
  return outgoing;
}

/** Keys (and the favoriter, for favorites) of every item left in an article's partition after the article itself is gone. */
export const articlePartitionPage = (articleId: string, startKey?: Continuation) =>
  queryPage({ partition: articleItems.partition(articleId), projection: ['PK', 'SK', 'userId', ENTITY] }, 500, startKey);
