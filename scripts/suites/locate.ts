import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepo } from '../local/repo.ts';

/**
 * Where the official suites are. A folder laid out like ../shared/realworld: the current suite's Bruno copy
 * in `specs/api/bruno/`, the legacy Postman collection as `Conduit.postman_collection.json`.
 */
export interface SuiteFiles {
  brunoCollection: string;
  postmanCollection: string;
  /** Named in the test summary. */
  source: string;
}

export type SuiteLocation = { found: SuiteFiles } | { missing: string };

/** The upstream commits the shared copy was taken from (../shared/realworld/specs/SOURCE.md). */
export const UPSTREAM = {
  url: 'https://github.com/realworld-apps/realworld.git',
  /** specs/api: the current suite (Hurl, and its Bruno copy), 2026-08-13. */
  currentCommit: '5d510ce6ec41bb97723e92fbd8d3e3458a381c09',
  /** api/Conduit.postman_collection.json: the last commit before upstream replaced it with Hurl, 2026-02-05. */
  legacyCommit: '747190ecf0bb27d461cf1100f6cb3468c6c914ed',
};

export const CACHE_DIR = fromRepo('.cache/realworld');

export function suiteFilesIn(directory: string, source: string): SuiteFiles | undefined {
  const files = { brunoCollection: join(directory, 'specs/api/bruno'), postmanCollection: join(directory, 'Conduit.postman_collection.json'), source };
  return existsSync(join(files.brunoCollection, 'bruno.json')) && existsSync(files.postmanCollection) ? files : undefined;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });

/**
 * Shallow-fetches the two pinned upstream commits and lays out their suites as ../shared/realworld has them,
 * into `cacheDir` (git-ignored). Only a complete copy is moved into place, so an interrupted fetch is retried.
 */
export function fetchUpstreamSuites(cacheDir: string, upstream = UPSTREAM): void {
  const work = `${cacheDir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const checkout = join(work, 'checkout');
    mkdirSync(checkout);
    git(checkout, 'init', '--quiet');
    git(checkout, 'remote', 'add', 'origin', upstream.url);
    git(checkout, 'fetch', '--quiet', '--depth', '1', 'origin', upstream.currentCommit, upstream.legacyCommit);
    git(checkout, 'checkout', '--quiet', upstream.currentCommit, '--', 'specs/api');
    const layout = join(work, 'suites');
    mkdirSync(layout);
    renameSync(join(checkout, 'specs'), join(layout, 'specs'));
    writeFileSync(join(layout, 'Conduit.postman_collection.json'), git(checkout, 'show', `${upstream.legacyCommit}:api/Conduit.postman_collection.json`));
    writeFileSync(
      join(layout, 'SOURCE.md'),
      `Fetched by npm test from ${upstream.url}: specs/api at ${upstream.currentCommit}, Conduit.postman_collection.json at ${upstream.legacyCommit}.\n`,
    );
    rmSync(cacheDir, { recursive: true, force: true });
    renameSync(layout, cacheDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The official suites, looked for in order: `REALWORLD_SUITES` (a folder laid out like ../shared/realworld),
 * `../shared/realworld` beside the checkout (where CI has them), then a copy of the pinned upstream commits in
 * `.cache/realworld`, fetched on first use when the machine is online.
 */
export function locateSuites(
  env: NodeJS.ProcessEnv = process.env,
  options: { sharedDir?: string; cacheDir?: string; upstream?: typeof UPSTREAM } = {},
): SuiteLocation {
  const fromEnv = env.REALWORLD_SUITES?.trim();
  if (fromEnv) {
    const files = suiteFilesIn(fromEnv, `REALWORLD_SUITES=${fromEnv}`);
    return files ? { found: files } : { missing: `REALWORLD_SUITES=${fromEnv} holds no specs/api/bruno/bruno.json and Conduit.postman_collection.json` };
  }
  const shared = options.sharedDir ?? fromRepo('../shared/realworld');
  const besideCheckout = suiteFilesIn(shared, shared);
  if (besideCheckout) return { found: besideCheckout };

  const cacheDir = options.cacheDir ?? CACHE_DIR;
  const upstream = options.upstream ?? UPSTREAM;
  const source = `${cacheDir} (${upstream.url} at ${upstream.currentCommit.slice(0, 12)} and ${upstream.legacyCommit.slice(0, 12)})`;
  const cached = suiteFilesIn(cacheDir, source);
  if (cached) return { found: cached };
  try {
    fetchUpstreamSuites(cacheDir, upstream);
  } catch (error) {
    const reason = error instanceof Error ? (error as Error & { stderr?: Buffer }).stderr?.toString().trim() || error.message : String(error);
    return { missing: `no REALWORLD_SUITES, no ${shared}, and fetching ${upstream.url} failed: ${reason.split('\n').slice(-2).join(' ')}` };
  }
  const fetched = suiteFilesIn(cacheDir, source);
  return fetched ? { found: fetched } : { missing: `${upstream.url} at the pinned commits did not hold both suites` };
}
