import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Runs a command with its output written to a file instead of the console; resolves with its exit code. */
export function runLogged(command: string, args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): Promise<number | null> {
  return new Promise((done, reject) => {
    const log = createWriteStream(options.logFile);
    // Its own session, with no controlling terminal: bru reads the terminal when it has one, and in a background
    // process group (`timeout npm test` puts npm there) that read stops it with SIGTTIN, silently, for good.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', reject);
    child.once('close', (code) => log.end(() => done(code)));
  });
}
