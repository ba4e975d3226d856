import { type ArticleContent, articleContent, commentBody, type UserProfile, userProfile } from './content.ts';
import type { Random } from './random.ts';

export interface SeedPlan {
  users: UserProfile[];
  follows: { follower: number; followee: number }[];
  articles: { author: number; article: ArticleContent }[];
  favorites: { user: number; article: number }[];
  comments: { author: number; article: number; body: string }[];
}

export interface PlanSize {
  users: number;
  articles: number;
  /** Makes this run's usernames (and so emails) new, so seeding the same database twice works. */
  runSuffix: string;
}

const range = (length: number) => Array.from({ length }, (_, index) => index);

/** `count` distinct picks from `items` (skewed to the front), leaving out `excluded`. */
function distinctSkewed(random: Random, items: readonly number[], count: number, excluded: number): number[] {
  const picked = new Set<number>();
  for (let attempt = 0; picked.size < count && attempt < count * 20; attempt++) {
    const item = random.pickSkewed(items, 1.3);
    if (item !== excluded) picked.add(item);
  }
  return [...picked];
}

/**
 * Everything the seed will send, decided up front from the seed alone: requests then run concurrently in any
 * order and the data is still the same. Users are referred to by index; user 0 is the demo login.
 */
export function seedPlan(random: Random, size: PlanSize): SeedPlan {
  const takenNames = new Set<string>();
  const users = range(size.users).map(() => userProfile(random, size.runSuffix, takenNames));

  // A few prolific authors write most articles and gather most followers, as on any real blog platform.
  const authorsByPopularity = random.sample(range(size.users), size.users);
  const usedTitles = new Set<string>();
  const articles = range(size.articles).map(() => ({ author: random.pickSkewed(authorsByPopularity, 1.5), ...articleContent(random, usedTitles) }));

  const follows = range(size.users).flatMap((follower) => {
    // The demo user follows the most prolific authors, so its feed is full from the first login.
    const followees =
      follower === 0 ? authorsByPopularity.filter((user) => user !== 0).slice(0, 15) : distinctSkewed(random, authorsByPopularity, random.int(3, 15), follower);
    return followees.map((followee) => ({ follower, followee }));
  });

  const articlesByPopularity = random.sample(range(size.articles), size.articles);
  const favorites = range(size.users).flatMap((user) =>
    distinctSkewed(random, articlesByPopularity, random.int(2, 8), -1).map((article) => ({ user, article })),
  );

  const comments = articles.flatMap(({ topic }, article) =>
    range(random.int(0, 5)).map(() => ({ author: random.int(0, size.users - 1), article, body: commentBody(random, topic) })),
  );

  return { users, follows, articles: articles.map(({ author, article }) => ({ author, article })), favorites, comments };
}
