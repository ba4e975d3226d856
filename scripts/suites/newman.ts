import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binary, repoRoot } from '../local/repo.ts';
import { countProblems, excerpt, type SuiteOutcome } from './outcome.ts';
import { runLogged } from './run-logged.ts';

interface CollectionItem {
  name: string;
  item?: CollectionItem[];
}

const collectionFolders = (collection: string): CollectionItem[] => (JSON.parse(readFileSync(collection, 'utf8')) as CollectionItem).item ?? [];

const requestsIn = (item: CollectionItem): number => (item.item ? item.item.reduce((sum, child) => sum + requestsIn(child), 0) : 1);

export const allNewmanFolders = (collection: string) => collectionFolders(collection).map((folder) => folder.name);

/** Requests in the named top-level folders; a name the collection does not have is an error, not zero. */
export function newmanRequestCount(collection: string, folders: string[]): number {
  const byName = new Map(collectionFolders(collection).map((folder) => [folder.name, folder]));
  return folders.reduce((sum, name) => {
    const folder = byName.get(name);
    if (!folder) throw new Error(`the Postman collection has no folder "${name}"; it has: ${[...byName.keys()].join(' | ')}`);
    return sum + requestsIn(folder);
  }, 0);
}

interface NewmanExecution {
  item: { name: string };
  request?: { method?: string; url?: unknown };
  response?: { code?: number; stream?: { data?: number[] } };
  requestError?: { message?: string };
  assertions?: { assertion: string; error?: { message?: string } }[];
}

interface NewmanReport {
  run: { stats: { requests: { total: number }; assertions: { total: number; failed: number } }; executions: NewmanExecution[] };
}

const urlOf = (url: unknown) => {
  if (typeof url === 'string') return url;
  const parts = url as { path?: string[] } | undefined;
  return `/${(parts?.path ?? []).join('/')}`;
};

/** Runs the legacy Postman collection (or some of its folders) and judges it by newman's JSON report. */
export async function runNewman(collection: string, folders: string[], apiUrl: string, resultsDir: string): Promise<SuiteOutcome> {
  const expected = newmanRequestCount(collection, folders);
  const reportFile = join(resultsDir, 'newman.json');
  const logFile = join(resultsDir, 'newman.log');
  // The collection registers USERNAME/EMAIL: fresh ones let it run against a database that already has users.
  const username = `u${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const args = [
    'run',
    collection,
    // Never 0: newman rejects it and exits 0 without running anything.
    '--delay-request',
    '1',
    '--global-var',
    `APIURL=${apiUrl}`,
    '--global-var',
    `USERNAME=${username}`,
    '--global-var',
    `EMAIL=${username}@mail.com`,
    '--global-var',
    'PASSWORD=password',
    '--reporters',
    'cli,json',
    '--reporter-json-export',
    reportFile,
    ...folders.flatMap((folder) => ['--folder', folder]),
  ];
  const startedAt = performance.now();
  const exitCode = await runLogged(binary('newman'), args, { cwd: repoRoot, logFile });
  const durationMs = performance.now() - startedAt;
  const target = folders.join(' | ');

  if (!existsSync(reportFile)) {
    return {
      suite: 'newman',
      target,
      expected,
      ran: 0,
      failed: 0,
      durationMs,
      logFile,
      problems: [`newman wrote no report (exit ${exitCode}); see ${logFile}`],
    };
  }
  const { run } = JSON.parse(readFileSync(reportFile, 'utf8')) as NewmanReport;
  const failing = run.executions.filter((execution) => execution.requestError || execution.assertions?.some((assertion) => assertion.error));
  const ran = run.stats.requests.total;
  const problems = countProblems({ expected, ran, failed: failing.length }, exitCode);
  if (run.stats.assertions.failed > 0) problems.push(`${run.stats.assertions.failed} of ${run.stats.assertions.total} assertions failed`);
  for (const execution of failing) {
    const failures = [
      ...(execution.requestError ? [`request error: ${execution.requestError.message}`] : []),
      ...(execution.assertions ?? []).filter((assertion) => assertion.error).map((assertion) => `${assertion.assertion}: ${assertion.error?.message}`),
    ];
    const body = execution.response?.stream?.data ? Buffer.from(execution.response.stream.data).toString('utf8') : '';
    problems.push(
      `${execution.item.name} (${execution.request?.method} ${urlOf(execution.request?.url)} -> ${execution.response?.code}): ${failures.join('; ')}; response: ${excerpt(body)}`,
    );
  }
  return { suite: 'newman', target, expected, ran, failed: failing.length, durationMs, logFile, problems };
}
