import { describe, expect, it } from 'vitest';
import { config } from '#lib/config';
import { seedPlan } from '../../../scripts/seed/plan.ts';
import { seededRandom } from '../../../scripts/seed/random.ts';

/** The most requests any one user makes, given the user of each. */
function busiest(users: number[]): number {
  const counts = new Map<number, number>();
  for (const user of users) counts.set(user, (counts.get(user) ?? 0) + 1);
  return Math.max(...counts.values());
}

describe('npm run seed stays within the default abuse limits', () => {
  // As if the whole seed ran in one minute, from one address: the worst a fast machine does.
  it.each(['conduit', 'a', 'b', 'c', 'd', 'e'])('with SEED=%s and the default size (50 users, 500 articles)', (seed) => {
    const limits = config().limits;
    const plan = seedPlan(seededRandom(seed), { users: 50, articles: 500, runSuffix: 'x' });
    expect(plan.users.length).toBeLessThanOrEqual(limits.registrationsPerMinute);
    expect(busiest(plan.articles.map(({ author }) => author))).toBeLessThanOrEqual(limits.articlesPerMinute);
    expect(busiest(plan.comments.map(({ author }) => author))).toBeLessThanOrEqual(limits.commentsPerMinute);
    expect(busiest(plan.follows.map(({ follower }) => follower))).toBeLessThanOrEqual(limits.followsPerMinute);
    expect(busiest(plan.favorites.map(({ user }) => user))).toBeLessThanOrEqual(limits.favoritesPerMinute);
  });
});
