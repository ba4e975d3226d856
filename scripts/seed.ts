// npm run seed: fills a running local stack with demo data through the HTTP API (see `usage` below).
import { availableParallelism } from 'node:os';
import { ApiError, apiClient, assertReachable } from './seed/api.ts';
import { seedPlan } from './seed/plan.ts';
import { forEachConcurrently } from './seed/pool.ts';
import { progress } from './seed/progress.ts';
import { seededRandom } from './seed/random.ts';

const usage = `npm run seed
  API_URL      the API's base URL (default http://localhost:3000/api)
  SEED         any string; the same seed plans the same data (default "conduit")
  USERS        users to create (default 50)
  ARTICLES     articles to create (default 500)
  CONCURRENCY  requests in flight at once (default 8)`;

// Every seeded user gets it, so any of them can log in to the demo.
const DEMO_PASSWORD = 'conduit-demo-password';
// Registration is scrypt-bound (128 MiB, ~0.3-1 s of one core each) on this same machine: more requests in
// flight than cores only queue behind each other and push the slowest past the 10 s Lambda timeout.
const registrationConcurrency = () => Math.min(settings.concurrency, Math.max(2, availableParallelism()));
// Past this many failed requests the stack is broken, not flaky: stop instead of piling up errors.
const MAX_FAILURES = 25;

const positiveInt = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (Number.isInteger(value) && value > 0) return value;
  console.error(`${name}=${process.env[name]} must be a positive whole number\n\n${usage}`);
  process.exit(2);
};

const settings = {
  apiUrl: (process.env.API_URL || 'http://localhost:3000/api').replace(/\/+$/, ''),
  seed: process.env.SEED || 'conduit',
  users: positiveInt('USERS', 50),
  articles: positiveInt('ARTICLES', 500),
  concurrency: positiveInt('CONCURRENCY', 8),
};

interface Failure {
  phase: string;
  error: unknown;
}
const failures: Failure[] = [];
const stopping = new AbortController();

/** Sends every item; `send` resolves false when it skipped an item whose prerequisite failed. */
async function phase<T>(
  label: string,
  items: readonly T[],
  send: (item: T, index: number) => Promise<boolean>,
  concurrency = settings.concurrency,
): Promise<number> {
  const bar = progress(label, items.length);
  let created = 0;
  await forEachConcurrently(
    items,
    concurrency,
    async (item, index) => {
      try {
        if (await send(item, index)) created++;
      } catch (error) {
        failures.push({ phase: label, error });
        if (failures.length >= MAX_FAILURES) stopping.abort();
      }
      bar.tick();
    },
    stopping.signal,
  );
  bar.done();
  if (stopping.signal.aborted) throw new Error(`stopped after ${failures.length} failed requests`);
  return created;
}

function describeFailure({ phase, error }: Failure): string {
  if (!(error instanceof ApiError)) return `[${phase}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  const body = error.requestBody === undefined ? '' : `\n  request body: ${JSON.stringify(error.requestBody).slice(0, 300)}`;
  return `[${phase}] ${error.request}${body}\n  response: ${error.status || 'none'} ${error.responseBody.slice(0, 500)}`;
}

function reportFailures() {
  if (failures.length === 0) return;
  console.error(`\n${failures.length} request(s) failed; the first ${Math.min(failures.length, 5)}:`);
  for (const failure of failures.slice(0, 5)) console.error(describeFailure(failure));
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) return console.log(usage);
  await assertReachable(settings.apiUrl);

  // Time-based, not seeded: the data stays the same run to run while the usernames stay unique.
  const runSuffix = Date.now().toString(36).slice(-5);
  const plan = seedPlan(seededRandom(settings.seed), { users: settings.users, articles: settings.articles, runSuffix });
  const api = apiClient(settings.apiUrl);
  const startedAt = performance.now();
  console.error(`seeding ${settings.apiUrl} (seed "${settings.seed}", ${settings.concurrency} requests in flight)`);

  const tokens: (string | undefined)[] = [];
  const users = await phase(
    'users',
    plan.users,
    async ({ username, email, bio, image }, index) => {
      const registered = await api<{ user: { token: string } }>('POST', '/users', { body: { user: { username, email, password: DEMO_PASSWORD } } });
      // Registration takes no bio or image; the profile update is what makes the author pages look lived-in.
      await api('PUT', '/user', { token: registered.user.token, body: { user: { bio, image } } });
      tokens[index] = registered.user.token;
      return true;
    },
    registrationConcurrency(),
  );

  const follows = await phase('follows', plan.follows, async ({ follower, followee }) => {
    const token = tokens[follower];
    if (!token || !tokens[followee]) return false;
    await api('POST', `/profiles/${encodeURIComponent(plan.users[followee]!.username)}/follow`, { token });
    return true;
  });

  const slugs: (string | undefined)[] = [];
  const articles = await phase('articles', plan.articles, async ({ author, article }, index) => {
    const token = tokens[author];
    if (!token) return false;
    slugs[index] = (await api<{ article: { slug: string } }>('POST', '/articles', { token, body: { article } })).article.slug;
    return true;
  });

  const favorites = await phase('favorites', plan.favorites, async ({ user, article }) => {
    const [token, slug] = [tokens[user], slugs[article]];
    if (!token || !slug) return false;
    await api('POST', `/articles/${encodeURIComponent(slug)}/favorite`, { token });
    return true;
  });

  const comments = await phase('comments', plan.comments, async ({ author, article, body }) => {
    const [token, slug] = [tokens[author], slugs[article]];
    if (!token || !slug) return false;
    await api('POST', `/articles/${encodeURIComponent(slug)}/comments`, { token, body: { comment: { body } } });
    return true;
  });

  const elapsed = ((performance.now() - startedAt) / 1000).toFixed(1);
  const demoIndex = tokens.findIndex(Boolean);
  const demo = plan.users[demoIndex];
  const [listed, tags, feed] = await Promise.all([
    api<{ articlesCount: number }>('GET', '/articles?limit=1'),
    api<{ tags: string[] }>('GET', '/tags'),
    demo ? api<{ articlesCount: number }>('GET', '/articles/feed?limit=1', { token: tokens[demoIndex] }) : undefined,
  ]);

  console.log(`\nSeeded ${settings.apiUrl} in ${elapsed} s (seed "${settings.seed}", run suffix "${runSuffix}"):`);
  console.log(`  ${users} users, ${articles} articles, ${follows} follows, ${favorites} favorites, ${comments} comments`);
  console.log(`  the API now lists ${listed.articlesCount} articles and ${tags.tags.length} tags in total`);
  if (demo) {
    console.log(`\nDemo login: ${demo.email} / ${DEMO_PASSWORD}  (every seeded user has this password)`);
    // Feeds fill asynchronously (queue consumers), so a count lower than expected right now can still be fine.
    console.log(
      `  ${demo.username} follows ${plan.follows.filter(({ follower }) => follower === demoIndex).length} authors; their feed has ${feed?.articlesCount} articles so far`,
    );
  }
  console.log(`Point any RealWorld front end at ${settings.apiUrl}`);
  reportFailures();
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  reportFailures();
  console.error(`\nnpm run seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
