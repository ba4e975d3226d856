import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declaredFunctions } from '../../scripts/local/handler-check.ts';
import { fromRepo } from '../../scripts/local/repo.ts';
import { readServerlessYml } from '../../scripts/local/serverless-yml.ts';

// serverless.yml declares the functions once; events/README.md documents a sample event for each. The table
// is prose a reader needs, so it stays written out, and this keeps it from drifting from the declaration.
const readme = readFileSync(fromRepo('events/README.md'), 'utf8');

/** `| \`articles/get.json\` | \`articlesGet\` | ... |` rows: event file and function. */
const documented = new Map([...readme.matchAll(/^\| `([\w/-]+\.json)` \| `(\w+)` \|/gm)].map(([, file, functionKey]) => [functionKey!, file!]));

describe('events/README.md', () => {
  const functions = declaredFunctions(readServerlessYml());

  it.each(functions.map((fn) => [fn.key, fn] as const))('documents a sample event for %s that exists', (key, fn) => {
    const file = documented.get(key);
    expect(file, `events/README.md has no row for ${key}`).toBeDefined();
    expect(existsSync(fromRepo('events', file!)), `events/${file} is missing`).toBe(true);
    if (fn.route) {
      const event = JSON.parse(readFileSync(fromRepo('events', file!), 'utf8')) as { routeKey?: string };
      expect(event.routeKey).toBe(`${fn.route.method} ${fn.route.path}`);
    }
  });

  it('documents no function that serverless.yml does not declare', () => {
    const declared = new Set(functions.map((fn) => fn.key));
    expect([...documented.keys()].filter((key) => !declared.has(key))).toEqual([]);
  });
});
