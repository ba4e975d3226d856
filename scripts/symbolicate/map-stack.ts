import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';

/** A stack frame's location in a bundle: `/var/task/functions/articles/get.cjs:1:2345`. */
const FRAME = /(?<file>[^\s()]+\.c?js):(?<line>\d+):(?<column>\d+)/g;

/**
 * Rewrites the bundle locations in a stack trace (as a deployed function logs it) to the TypeScript source
 * lines, with the maps `serverless package` kept beside the artifacts. `root` is where the bundles ran
 * (/var/task on Lambda); a location whose map is missing is left as it is.
 */
export function mapStack(trace: string, options: { mapsDir: string; root?: string }): string {
  const root = options.root ?? '/var/task/';
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const mapFile = join(options.mapsDir, `${file.startsWith(root) ? file.slice(root.length) : file}.map`);
      maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
    }
    return maps.get(file);
  };
  return trace.replace(FRAME, (location, file: string, line: string, column: string) => {
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return location;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
