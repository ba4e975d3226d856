// Every key format of the single table lives here; no other module builds a PK or SK string.
// The design and its access patterns are written down in lib/db/README.md.

export interface Key {
  PK: string;
  SK: string;
}

/** Case-insensitive uniqueness for usernames and emails comes from lower-casing their lookup keys. */
const fold = (value: string) => value.normalize('NFKC').toLowerCase();

export const keys = {
  user: (userId: string): Key => ({ PK: `USER#${userId}`, SK: 'PROFILE' }),
  username: (username: string): Key => ({ PK: `USERNAME#${fold(username)}`, SK: 'USERNAME' }),
  email: (email: string): Key => ({ PK: `EMAIL#${fold(email)}`, SK: 'EMAIL' }),
  follow: (followerId: string, authorId: string): Key => ({ PK: `USER#${followerId}`, SK: `FOLLOWS#${authorId}` }),
  article: (articleId: string): Key => ({ PK: `ARTICLE#${articleId}`, SK: 'ARTICLE' }),
  articleTag: (articleId: string, tag: string): Key => ({ PK: `ARTICLE#${articleId}`, SK: `TAG#${tag}` }),
  favorite: (articleId: string, userId: string): Key => ({ PK: `ARTICLE#${articleId}`, SK: `FAVORITED_BY#${userId}` }),
  comment: (articleId: string, commentId: number): Key => ({ PK: `ARTICLE#${articleId}`, SK: `COMMENT#${String(commentId).padStart(16, '0')}` }),
  tag: (tag: string): Key => ({ PK: `TAG#${tag}`, SK: 'TAG' }),
  feedItem: (readerId: string, articleId: string): Key => ({ PK: `FEED#${readerId}`, SK: `ARTICLE#${articleId}` }),
  feedCount: (readerId: string): Key => ({ PK: `FEED#${readerId}`, SK: 'COUNT' }),
  articleStats: (): Key => ({ PK: 'STATS', SK: 'ARTICLES' }),
  outboxDelivery: (eventId: string, queue: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: `QUEUE#${queue}` }),
};

/** Partition and sort-key prefixes used in queries. */
export const partitions = {
  articleItems: (articleId: string) => `ARTICLE#${articleId}`,
  commentPrefix: 'COMMENT#',
  favoritePrefix: 'FAVORITED_BY#',
  followsPrefix: 'FOLLOWS#',
  user: (userId: string) => `USER#${userId}`,
  feed: (readerId: string) => `FEED#${readerId}`,
  feedItemPrefix: 'ARTICLE#',
};

/**
 * Secondary indexes. Both project only keys and a few ids, so skipping N list entries reads N small
 * entries, never N whole articles.
 *  - GSI1: all articles, articles by tag, articles favorited by a user, followers of an author,
 *    outbox deliveries not yet settled (by queue, due time first).
 *  - GSI2: articles by author, tags by last use, the feeds an article is in.
 *  - GSI3: tags by how many articles use them (its sort key is the tag's `articlesCount`).
 */
export const indexes = {
  allArticles: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: () => 'ARTICLES' },
  articlesByTag: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: (tag: string) => `TAG#${tag}` },
  favoritesOfUser: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: (userId: string) => `FAVORITES#${userId}` },
  followersOf: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: (authorId: string) => `FOLLOWERS#${authorId}` },
  pendingDeliveries: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: (queue: string) => `OUTBOX#${queue}` },
  articlesByAuthor: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: (authorId: string) => `AUTHOR#${authorId}` },
  tagsByLastUse: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: () => 'TAGS' },
  tagsByUse: { name: 'GSI3', pk: 'GSI3PK', sk: 'articlesCount', value: () => 'TAGS' },
  feedsWithArticle: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: (articleId: string) => `FEEDS_WITH#${articleId}` },
} as const;

/** Parses the article id out of an `ARTICLE#<id>` key. */
export const articleIdOf = (key: string) => key.slice('ARTICLE#'.length);
export const tagNameOf = (key: string) => key.slice('TAG#'.length);
export const eventIdOfOutboxKey = (key: string) => key.slice('OUTBOX#'.length);
export const userIdOf = (key: string) => key.slice(key.indexOf('#') + 1);
