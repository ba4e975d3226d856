import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRepo } from '../../../scripts/local/repo.ts';

// Layers that don't leak start with modules that don't import each other, directly or around a loop.
// Type-only imports count too: a type shared both ways belongs in a module of its own.

const LIB = fromRepo('lib');

function modulesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modulesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `lib/db/users.ts` -> the lib modules it imports, by the same kind of name. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modulesUnder(LIB)) {
    const source = readFileSync(file, 'utf8');
    const imported = [...source.matchAll(/(?:from|import)\s*\(?\s*'#lib\/([^']+)'/g)].map((match) => `lib/${match[1]}.ts`);
    graph.set(relative(fromRepo(), file), [...new Set(imported)]);
  }
  return graph;
}

/** Every cycle, each as the modules around it, found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'visiting');
    path.push(module);
    for (const next of graph.get(module) ?? []) {
      if (state.get(next) === 'visiting') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) visit(module);
  return found;
}

describe('lib/ modules', () => {
  it('import each other without a cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(cycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('group into layers (lib/db, lib/http, lib/events, ...) that do not import each other both ways', () => {
    const layerOf = (module: string) => module.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');
    const layers = new Map<string, string[]>();
    for (const [module, imported] of importGraph()) {
      const from = layerOf(module);
      const to = imported.map(layerOf).filter((layer) => layer !== from);
      layers.set(from, [...new Set([...(layers.get(from) ?? []), ...to])]);
    }
    expect(cycles(layers).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check checks)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('never import from functions/', () => {
    const offenders = modulesUnder(LIB).filter((file) => /from '(\.\.\/)+functions\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
