import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import type { RegisteredUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from './articles.ts';
import { request } from './conduit.ts';
import { deliver } from './queue.ts';
import { userIdOf } from './tokens.ts';
import { registerFreshUsers } from './users.ts';

export interface ReadingDataset {
  /** The first wrote `leadArticles`, the others `perOtherAuthor` each. */
  authors: RegisteredUser[];
  viewer: RegisteredUser;
  /** Shared by every article of the dataset, and by no other article. */
  tag: string;
  /** Every article's slug. */
  slugs: string[];
}

/**
 * Enough data that a full page needs more than one BatchGetItem (100 keys) whichever way it is listed: a
 * lead author with 51 articles and 3 others with 5 each, all tagged `tag`, and a viewer who follows every
 * author, favorites every article, and whose feed has been back-filled by the follow consumer. The lead's
 * page seen by the viewer asks for 51 articles + 51 favorite edges + the author and the follow edge: 104
 * keys; the tag's, the viewer's favorites and the feed: 66 + 66 + 4 + 4 = 140.
 */
export async function readingDataset({ leadArticles = 51, otherAuthors = 3, perOtherAuthor = 5 } = {}): Promise<ReadingDataset> {
  const [viewer, ...authors] = await registerFreshUsers(otherAuthors + 2, 'reading');
  const tag = uniqueTag('dataset');
  const slugs: string[] = [];
  const publish = async (author: RegisteredUser, count: number) => {
    for (let i = 0; i < count; i++) slugs.push((await createArticle(author.token, { tagList: [tag] })).slug);
  };
  await Promise.all(authors.map((author, i) => publish(author, i === 0 ? leadArticles : perOtherAuthor)));
  for (const author of authors) {
    const followed = await request('POST /api/profiles/{username}/follow', { token: viewer!.token, pathParameters: { username: author.username } });
    if (followed.status !== 200) throw new Error(`following answered ${followed.status}`);
  }
  const viewerId = userIdOf(viewer!.token);
  await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === viewerId);
  for (const slug of slugs) {
    const favorited = await request('POST /api/articles/{slug}/favorite', { token: viewer!.token, pathParameters: { slug } });
    if (favorited.status !== 200) throw new Error(`favoriting answered ${favorited.status}`);
  }
  return { authors, viewer: viewer!, tag, slugs };
}
