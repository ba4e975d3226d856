import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binary } from '../local/repo.ts';
import { countProblems, excerpt, type SuiteOutcome } from './outcome.ts';
import { runLogged } from './run-logged.ts';

export const ALL_BRUNO_FOLDERS = [
  'articles',
  'auth',
  'comments',
  'errors-articles',
  'errors-auth',
  'errors-authorization',
  'errors-comments',
  'errors-profiles',
  'favorites',
  'feed',
  'pagination',
  'profiles',
  'tags',
];

/** Requests a folder defines: its .bru files, less folder.bru, which only holds folder settings. */
export function brunoRequestCount(collection: string, folder: string): number {
  const directory = join(collection, folder);
  if (!existsSync(directory)) throw new Error(`no Bruno folder ${directory}`);
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.bru') && !file.endsWith('folder.bru')).length;
}

interface CheckResult {
  status: string;
  error?: string;
  description?: string;
  lhsExpr?: string;
  rhsExpr?: string;
}

interface BrunoResult {
  test: { filename: string };
  request?: { method?: string; url?: string };
  response?: { status?: number; data?: unknown };
  status: string;
  error?: string | null;
  assertionResults?: CheckResult[];
  testResults?: CheckResult[];
  preRequestTestResults?: CheckResult[];
  postResponseTestResults?: CheckResult[];
}

interface BrunoReport {
  summary: { totalRequests: number; failedRequests: number; errorRequests: number; skippedRequests: number };
  results: BrunoResult[];
}

/** Every failed check of one request, or nothing when it passed. */
function failuresOf(result: BrunoResult): string[] {
  const checks = [
    ...(result.assertionResults ?? []),
    ...(result.testResults ?? []),
    ...(result.preRequestTestResults ?? []),
    ...(result.postResponseTestResults ?? []),
  ];
  const failures = checks
    .filter((check) => check.status !== 'pass')
    .map((check) => `${check.lhsExpr ? `${check.lhsExpr} ${check.rhsExpr}` : check.description}: ${check.error ?? check.status}`);
  if (result.error) failures.unshift(`error: ${result.error}`);
  if (failures.length === 0 && result.status !== 'pass') failures.push(`status ${result.status}`);
  return failures;
}

/**
 * Runs one folder of the Bruno collection (upstream's current suite) with bru's JSON reporter and judges it
 * by the report, not only by bru's exit code.
 */
export async function runBrunoFolder(collection: string, folder: string, origin: string, resultsDir: string): Promise<SuiteOutcome> {
  const expected = brunoRequestCount(collection, folder);
  const reportFile = join(resultsDir, `bruno-${folder}.json`);
  const logFile = join(resultsDir, `bruno-${folder}.log`);
  const startedAt = performance.now();
  const exitCode = await runLogged(
    binary('bru'),
    ['run', folder, '-r', '--env', 'local', '--env-var', `host=${origin}`, '--sandbox', 'safe', '--reporter-json', reportFile],
    { cwd: collection, logFile },
  );
  const durationMs = performance.now() - startedAt;

  if (!existsSync(reportFile)) {
    return {
      suite: 'bruno',
      target: folder,
      expected,
      ran: 0,
      failed: 0,
      durationMs,
      logFile,
      problems: [`bru wrote no report (exit ${exitCode}); see ${logFile}`],
    };
  }
  // One entry per iteration; the suite runs once.
  const reports = JSON.parse(readFileSync(reportFile, 'utf8')) as BrunoReport[];
  const results = reports.flatMap((report) => report.results);
  const failing = results.filter((result) => failuresOf(result).length > 0);
  const summary = reports[0]?.summary;
  const ran = results.length;
  const failed = Math.max(failing.length, (summary?.failedRequests ?? 0) + (summary?.errorRequests ?? 0));
  const problems = countProblems({ expected, ran, failed }, exitCode);
  if (summary?.skippedRequests) problems.push(`${summary.skippedRequests} request(s) skipped`);
  for (const result of failing) {
    const request = `${result.request?.method ?? ''} ${result.request?.url ?? ''}`.trim();
    problems.push(
      `${result.test.filename} (${request} -> ${result.response?.status}): ${failuresOf(result).join('; ')}; response: ${excerpt(result.response?.data)}`,
    );
  }
  return { suite: 'bruno', target: folder, expected, ran, failed, durationMs, logFile, problems };
}
