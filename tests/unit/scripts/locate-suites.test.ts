import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateSuites } from '../../../scripts/suites/locate.ts';

const scratch = mkdtempSync(join(tmpdir(), 'conduit-suites-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

const write = (path: string, content: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
};

/** A stand-in for upstream with its layout: the Postman collection in one commit, specs/api in a later one. */
function fakeUpstream() {
  const repo = join(scratch, 'upstream');
  mkdirSync(repo);
  git(repo, 'init', '--quiet');
  git(repo, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  write(join(repo, 'api/Conduit.postman_collection.json'), '{"item":[{"name":"Auth","item":[]}]}');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'legacy');
  const legacyCommit = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'rm', '--quiet', 'api/Conduit.postman_collection.json');
  write(join(repo, 'specs/api/bruno/bruno.json'), '{"name":"Conduit"}');
  write(join(repo, 'specs/api/bruno/tags/01-list-tags.bru'), 'meta { name: list tags }');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'current');
  const currentCommit = git(repo, 'rev-parse', 'HEAD');
  return { url: `file://${repo}`, currentCommit, legacyCommit };
}

const nowhere = join(scratch, 'no-shared-realworld');

describe('where npm test finds the official suites', () => {
  it('fetches the pinned upstream commits into the cache when nothing is beside the checkout, then reuses the cache', () => {
    const upstream = fakeUpstream();
    const cacheDir = join(scratch, 'cache');
    const first = locateSuites({}, { sharedDir: nowhere, cacheDir, upstream });
    if (!('found' in first)) throw new Error(first.missing);
    expect(first.found.brunoCollection).toBe(join(cacheDir, 'specs/api/bruno'));
    expect(readFileSync(first.found.postmanCollection, 'utf8')).toContain('"Auth"');
    expect(readFileSync(join(first.found.brunoCollection, 'tags/01-list-tags.bru'), 'utf8')).toContain('list tags');
    expect(first.found.source).toContain(upstream.currentCommit.slice(0, 12));

    const offline = locateSuites({}, { sharedDir: nowhere, cacheDir, upstream: { ...upstream, url: `file://${join(scratch, 'gone')}` } });
    expect('found' in offline && offline.found.brunoCollection).toBe(first.found.brunoCollection);
  });

  it('says why when the suites cannot be had', () => {
    const location = locateSuites(
      {},
      {
        sharedDir: nowhere,
        cacheDir: join(scratch, 'empty-cache'),
        upstream: { url: `file://${join(scratch, 'gone')}`, currentCommit: 'a'.repeat(40), legacyCommit: 'b'.repeat(40) },
      },
    );
    expect(location).toEqual({ missing: expect.stringMatching(/no REALWORLD_SUITES, no .*no-shared-realworld, and fetching .* failed/) });
  });

  it('prefers REALWORLD_SUITES, and refuses a folder that does not hold them', () => {
    const chosen = join(scratch, 'chosen');
    write(join(chosen, 'specs/api/bruno/bruno.json'), '{}');
    write(join(chosen, 'Conduit.postman_collection.json'), '{}');
    expect(locateSuites({ REALWORLD_SUITES: chosen }, { sharedDir: nowhere })).toEqual({
      found: {
        brunoCollection: join(chosen, 'specs/api/bruno'),
        postmanCollection: join(chosen, 'Conduit.postman_collection.json'),
        source: `REALWORLD_SUITES=${chosen}`,
      },
    });
    expect(locateSuites({ REALWORLD_SUITES: nowhere })).toEqual({ missing: expect.stringContaining('holds no specs/api/bruno') });
  });
});
