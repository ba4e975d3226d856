import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../../../scripts/local/supervisor.ts';

// A killed process whose parent died too may linger as a zombie until it is reaped: that counts as stopped.
const isRunning = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

const quiet = () => undefined;

describe('the stack supervisor', () => {
  it('stops a child together with what the child spawned', async () => {
    const supervisor = new Supervisor(quiet);
    const child = supervisor.spawn('shell', 'sh', ['-c', 'sleep 30 & echo $!; wait']);
    const grandchild = await new Promise<number>((found) => child.stdout!.once('data', (data: Buffer) => found(Number(String(data).trim()))));
    expect(isRunning(grandchild)).toBe(true);

    await supervisor.stop();

    expect(isRunning(child.pid!)).toBe(false);
    await expect.poll(() => isRunning(grandchild)).toBe(false);
    expect(supervisor.signal.aborted).toBe(false);
  });

  it("lets the rest of a child's group finish stopping when the leader exits first, as npm does under npm start", async () => {
    const done = join(mkdtempSync(join(tmpdir(), 'supervisor-')), 'cleaned-up');
    // The leader (sh) dies at once on SIGTERM; its child needs a moment to stop what it runs, then records it.
    const cleanup = `process.on('SIGTERM', () => setTimeout(() => { require('fs').writeFileSync(${JSON.stringify(done)}, 'yes'); process.exit(0); }, 800)); console.log('ready'); setInterval(() => {}, 1000);`;
    const supervisor = new Supervisor(quiet);
    const child = supervisor.spawn('npm-like', 'sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(cleanup)} & wait`], {
      stopGraceMs: 10_000,
    });
    await new Promise((ready) => child.stdout!.once('data', ready));

    await supervisor.stop();

    expect(existsSync(done)).toBe(true);
  });

  it('fails the stack when a child exits on its own', async () => {
    const supervisor = new Supervisor(quiet);
    supervisor.spawn('short-lived', 'sh', ['-c', 'exit 3']);

    await expect.poll(() => supervisor.signal.aborted).toBe(true);
    expect((supervisor.signal.reason as Error).message).toBe('short-lived exited unexpectedly (code 3)');
    await supervisor.stop();
  });

  it('stops in-process services and refuses new ones once stopping', async () => {
    const supervisor = new Supervisor(quiet);
    let stopped = false;
    supervisor.manage('emulator', async () => {
      stopped = true;
    });

    await supervisor.stop();

    expect(stopped).toBe(true);
    expect(() => supervisor.manage('late', async () => undefined)).toThrow(/while the stack was stopping/);
    expect(() => supervisor.spawn('late', 'sleep', ['30'])).toThrow(/while the stack was stopping/);
  });
});
