import { readFileSync } from 'node:fs';

const parentOf = (pid: number): number | undefined => {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces, so read after its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Calls `onOrphaned` once any process that started this one has gone. npm does not pass SIGTERM on to its
 * script: `kill <npm pid>` (or `timeout npm start`) ends npm and its shell but leaves tsx, this process and
 * the stack running. Linux only (it reads /proc); elsewhere it does nothing.
 */
export function watchForOrphaning(onOrphaned: () => void): void {
  const ancestors: number[] = [];
  for (let pid = process.ppid; pid > 1 && ancestors.length < 16; pid = parentOf(pid) ?? 0) ancestors.push(pid);
  if (ancestors.length === 0) return;
  const timer = setInterval(() => {
    if (ancestors.every(isAlive)) return;
    clearInterval(timer);
    onOrphaned();
  }, 1_000);
  timer.unref();
}
