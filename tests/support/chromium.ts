import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The Chromium of the machine (Debian's `chromium` package; `CHROMIUM_PATH` names another): the browser tests drive
 * it with playwright-core and never download one. Undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  // Debian's /usr/bin/chromium is a shell wrapper around this binary.
  if (existsSync('/usr/lib/chromium/chromium')) return '/usr/lib/chromium/chromium';
  const directories = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = directories.map((directory) => join(directory, name)).find((candidate) => existsSync(candidate));
    if (found) return found;
  }
  return undefined;
}
