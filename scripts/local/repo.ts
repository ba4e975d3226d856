import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory a script is started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const fromRepo = (...segments: string[]) => resolve(repoRoot, ...segments);

/** Tools from node_modules/.bin, so no run depends on npx or on what is installed globally. */
export const binary = (name: string) => fromRepo('node_modules/.bin', name);
