import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { mapStack } from '../../../scripts/symbolicate/map-stack.ts';

const work = mkdtempSync(join(tmpdir(), 'symbolicate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("maps a minified bundle's stack trace to the TypeScript lines, with maps kept apart from the bundle", async () => {
  const source = join(work, 'src', 'handler.ts');
  mkdirSync(join(work, 'src'));
  writeFileSync(
    source,
    ['export function handler(): never {', '  const reason: string = "the line to find";', '  throw new Error(reason);', '}', 'handler();', ''].join('\n'),
  );
  // Built as serverless.yml builds: minified CommonJS with a linked map; run from one folder, its map in another.
  const task = join(work, 'task');
  await build({
    entryPoints: [source],
    outfile: join(task, 'functions', 'handler.cjs'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'cjs',
    platform: 'node',
  });
  const maps = join(work, 'maps', 'functions');
  mkdirSync(maps, { recursive: true });
  copyFileSync(join(task, 'functions', 'handler.cjs.map'), join(maps, 'handler.cjs.map'));
  rmSync(join(task, 'functions', 'handler.cjs.map'));

  let trace = '';
  try {
    execFileSync(process.execPath, [join(task, 'functions', 'handler.cjs')], { stdio: 'pipe' });
  } catch (error) {
    trace = String((error as { stderr: Buffer }).stderr);
  }
  expect(trace).toMatch(/handler\.cjs:1:\d+/);

  const mapped = mapStack(trace, { mapsDir: join(work, 'maps'), root: `${task}/` });
  expect(mapped).toMatch(/src\/handler\.ts:3:\d+/);
  expect(mapped).not.toMatch(/handler\.cjs:1:\d+\)/);
});

it('leaves a location alone when no map is there for it', () => {
  const trace = 'Error: x\n    at f (/var/task/functions/other.cjs:1:42)';
  expect(mapStack(trace, { mapsDir: join(work, 'nowhere') })).toBe(trace);
});
