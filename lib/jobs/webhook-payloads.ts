import { batchGet, keyString } from '#lib/db/batch';
import { type ArticleSummary, article as articleEntity, comment as commentEntity, type Key, type User, user as userEntity } from '#lib/db/entities';
import type { DomainEvent } from '#lib/events/domain-events';
import type { WebhookEventType } from '#lib/webhooks/events';

/** What a domain event is to webhooks: whose endpoints hear of it, as which event, with which data. */
export interface WebhookEvent {
  ownerId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

async function read(keys: Key[]) {
  const found = await batchGet(keys);
  return (key: Key) => found.get(keyString(key));
}

const articleData = (article: ArticleSummary, author?: User) => ({
  slug: article.slug,
  title: article.title,
  description: article.description,
  tagList: article.tagList,
  createdAt: article.createdAt,
  updatedAt: article.updatedAt,
  ...(author && { author: { username: author.username } }),
});

/**
 * Whose endpoints hear of a domain event, as which webhook event, when the event itself says so (undefined for a
 * comment, whose owner is its article's author, and for an unfollow, which no webhook reports).
 */
export function knownTarget(event: DomainEvent): Pick<WebhookEvent, 'ownerId' | 'type'> | undefined {
  switch (event.type) {
    case 'ArticlePublished':
      return { ownerId: event.authorId, type: 'article.published' };
    case 'ArticleUpdated':
      return { ownerId: event.authorId, type: 'article.updated' };
    case 'ArticleDeleted':
      return { ownerId: event.authorId, type: 'article.deleted' };
    case 'UserFollowed':
      return { ownerId: event.authorId, type: 'profile.followed' };
    default:
      return undefined;
  }
}

/**
 * The webhook event of a domain event, read as things stand when the consumer runs (one BatchGetItem);
 * undefined when the event concerns no one's webhooks (an unfollow) or what it is about is already gone.
 * Article bodies are left out: a receiver reads the article through the API if it wants one, and the
 * payload stays small whatever the article's size.
 */
export async function webhookEventOf(event: DomainEvent): Promise<WebhookEvent | undefined> {
  switch (event.type) {
    case 'ArticlePublished':
    case 'ArticleUpdated': {
      const get = await read([articleEntity.key(event.articleId), userEntity.key(event.authorId)]);
      const article = get(articleEntity.key(event.articleId));
      const author = get(userEntity.key(event.authorId));
      if (!article) return undefined;
      const type = event.type === 'ArticlePublished' ? 'article.published' : 'article.updated';
      return { ownerId: event.authorId, type, data: { article: articleData(articleEntity.decode(article), author && userEntity.decode(author)) } };
    }
    case 'ArticleDeleted':
      return { ownerId: event.authorId, type: 'article.deleted', data: { article: { slug: event.slug ?? null } } };
    case 'CommentCreated': {
      const keys = {
        article: articleEntity.key(event.articleId),
        comment: commentEntity.key(event.articleId, event.commentId),
        author: userEntity.key(event.authorId),
      };
      const get = await read(Object.values(keys));
      const [article, comment, author] = [get(keys.article), get(keys.comment), get(keys.author)];
      if (!article || !comment) return undefined;
      const { authorId, slug, title } = articleEntity.decode(article);
      const { commentId, body, createdAt } = commentEntity.decode(comment);
      return {
        ownerId: authorId,
        type: 'comment.created',
        data: {
          article: { slug, title },
          comment: { id: commentId, body, createdAt, author: author ? { username: userEntity.decode(author).username } : null },
        },
      };
    }
    case 'UserFollowed': {
      const get = await read([userEntity.key(event.readerId)]);
      const follower = get(userEntity.key(event.readerId));
      if (!follower) return undefined;
      const { username, bio, image } = userEntity.decode(follower);
      return { ownerId: event.authorId, type: 'profile.followed', data: { profile: { username, bio, image } } };
    }
    case 'UserUnfollowed':
      return undefined;
  }
}
