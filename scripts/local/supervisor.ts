import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Where the children's output goes, one line at a time, named by the child that wrote it. */
export type OutputSink = (source: string, line: string) => void;

export const consoleOutput: OutputSink = (source, line) => console.log(`[${source}] ${line}`);

export function fileOutput(path: string): OutputSink {
  const file = createWriteStream(path, { flags: 'w' });
  return (source, line) => file.write(`[${source}] ${line}\n`);
}

const STOP_GRACE_MS = 5_000;

/**
 * Owns what the stack runs: child processes, and services running inside this process. Each child runs in
 * its own process group, so stopping one also stops what it spawned (serverless offline starts esbuild).
 * A child that exits before stop() was called is a failure: the supervisor aborts `signal`, which ends
 * every wait on the stack.
 */
export class Supervisor {
  readonly #children: { child: ChildProcess; stopGraceMs: number }[] = [];
  readonly #inProcess: { name: string; stop: () => Promise<void> }[] = [];
  readonly #abort = new AbortController();
  #stopping = false;

  constructor(private readonly output: OutputSink = consoleOutput) {
    // Last resort when the parent exits without stop() (an uncaught error): no orphaned Java or node.
    process.once('exit', () => {
      for (const { child } of this.#children) killGroup(child, 'SIGKILL');
    });
  }

  /** Aborted, with the reason, when a child dies unexpectedly or an in-process service fails. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /**
   * `stopGraceMs`: how long stop() waits after SIGTERM before SIGKILL; longer for a child that stops children
   * of its own (a whole `npm start`), which SIGKILL would leave behind.
   */
  spawn(name: string, command: string, args: string[], options: SpawnOptions & { stopGraceMs?: number } = {}): ChildProcess {
    const { stopGraceMs, ...spawnOptions } = options;
    return this.track(name, spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }), stopGraceMs);
  }

  /** Supervises a child started elsewhere; it must have been spawned detached with piped output. */
  track(name: string, child: ChildProcess, stopGraceMs = STOP_GRACE_MS): ChildProcess {
    if (this.#stopping) {
      // A service that was still getting ready when another one failed: it must not outlive the stack.
      killGroup(child, 'SIGKILL');
      throw new Error(`${name} started while the stack was stopping`);
    }
    this.#children.push({ child, stopGraceMs });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.output(name, line));
    }
    child.once('error', (error) => this.fail(`${name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!this.#stopping) this.fail(`${name} exited unexpectedly (${signal ?? `code ${code}`})`);
    });
    return child;
  }

  /** Supervises a service running inside this process (an emulator, a poller): stop() calls its stop. */
  manage(name: string, stop: () => Promise<void>): void {
    if (this.#stopping) throw new Error(`${name} started while the stack was stopping`);
    this.#inProcess.push({ name, stop });
  }

  /** For a service running inside this process that breaks: the stack fails as if a child had died. */
  fail(reason: string): void {
    if (!this.#abort.signal.aborted) this.#abort.abort(new Error(reason));
  }

  /**
   * Stops everything: each in-process service through its stop function, then each child with SIGTERM to
   * its process group and SIGKILL after a grace period.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    const inProcess = this.#inProcess
      .splice(0)
      .map(({ name, stop }) =>
        stop().catch((error: unknown) => this.output(name, `did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`)),
      );
    // In-process services first (the gateway, the queue poller), for at most the grace period: a batch in flight
    // finishes against a running serverless offline instead of failing against a stopped one.
    let graceOver: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(inProcess), new Promise((over) => (graceOver = setTimeout(over, STOP_GRACE_MS)))]);
    clearTimeout(graceOver);
    await Promise.all(this.#children.splice(0).map(({ child, stopGraceMs }) => stopGroup(child, stopGraceMs)));
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // the group is already gone
  }
}

/**
 * Whether any process of the group is still running (zombies waiting to be reaped do not count). Reads /proc;
 * where there is none, asks the kernel, which counts zombies too.
 */
function groupRunning(pgid: number): boolean {
  if (!existsSync('/proc')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses, so read after the last ")".
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false; // gone while we looked
    }
  });
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));
  if (child.pid === undefined || !killGroup(child, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  await Promise.race([exited, pause(graceMs)]);
  // The leader can exit before the rest of its group: npm exits at once on SIGTERM while the script it ran is
  // still stopping what that script started. Killing the group now would orphan those; wait for it to empty.
  while (Date.now() < deadline && groupRunning(child.pid)) await pause(100);
  killGroup(child, 'SIGKILL');
}
