// npm test: type-check, unit and integration tests, then `npm start` itself on free ports for the e2e tests and
// both official suites (Bruno, newman), then the stack stops. Exits non-zero if anything failed.
import './local/quiet-sdk.ts';

// `npm test` runs every folder of both official suites (Bruno 13, Postman 5). BRUNO_FOLDERS / NEWMAN_FOLDERS
// narrow one run: folder names (Bruno: separated by spaces or commas; Postman: by ';', its names hold commas).

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { seconds } from './local/duration.ts';
import { type NpmStartStack, startNpmStart } from './local/npm-start.ts';
import { watchForOrphaning } from './local/orphan-watch.ts';
import { assertPortFree } from './local/ports.ts';
import { binary, fromRepo, repoRoot } from './local/repo.ts';
import { apiOrigin } from './local/settings.ts';
import { fileOutput } from './local/supervisor.ts';
import { ALL_BRUNO_FOLDERS, runBrunoFolder } from './suites/bruno.ts';
import { locateSuites, type SuiteFiles } from './suites/locate.ts';
import { allNewmanFolders, runNewman } from './suites/newman.ts';
import { passed, type SuiteOutcome } from './suites/outcome.ts';

const RESULTS_DIR = fromRepo('.test-results');

interface Phase {
  name: string;
  passed: number;
  failed: number;
  durationMs: number;
  ok: boolean;
}
const phases: Phase[] = [];
const suiteOutcomes: SuiteOutcome[] = [];
/** Where the official suites came from, or why they did not run: the summary says it. */
let suitesProvenance = '';

function foldersFromEnv(variable: string, all: string[], defaults: string[], separator: RegExp): string[] {
  const value = process.env[variable]?.trim();
  if (!value) return defaults;
  if (value === 'all') return all;
  return value
    .split(separator)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Runs vitest with the default reporter on the console and a JSON report to count tests from. */
async function vitest(name: string, projects: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const reportFile = join(RESULTS_DIR, `vitest-${name}.json`);
  const args = ['run', ...projects.flatMap((project) => ['--project', project]), '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
  console.log(`\n=== vitest: ${projects.join(', ')} ===`);
  const startedAt = performance.now();
  const exitCode = await new Promise<number | null>((done, reject) => {
    const child = spawn(binary('vitest'), args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', done);
  });
  let counts = { numPassedTests: 0, numFailedTests: 0 };
  try {
    counts = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    console.error(`vitest wrote no report to ${reportFile}`);
  }
  phases.push({
    name: `vitest ${projects.join('+')}`,
    passed: counts.numPassedTests,
    failed: counts.numFailedTests,
    durationMs: performance.now() - startedAt,
    ok: exitCode === 0,
  });
}

async function officialSuites(suites: SuiteFiles, stack: NpmStartStack, origin: string) {
  const brunoFolders = foldersFromEnv('BRUNO_FOLDERS', ALL_BRUNO_FOLDERS, ALL_BRUNO_FOLDERS, /[\s,]+/);
  const allPostmanFolders = allNewmanFolders(suites.postmanCollection);
  const newmanFolders = foldersFromEnv('NEWMAN_FOLDERS', allPostmanFolders, allPostmanFolders, /;/);

  console.log(`\n=== Bruno (current suite): ${brunoFolders.join(' ')} against ${origin} ===`);
  for (const folder of brunoFolders) {
    const outcome = await runBrunoFolder(suites.brunoCollection, folder, origin, RESULTS_DIR);
    report(outcome);
    if (stack.supervisor.signal.aborted) return;
  }
  console.log(`\n=== newman (legacy suite): ${newmanFolders.join(' | ')} against ${stack.apiUrl} ===`);
  report(await runNewman(suites.postmanCollection, newmanFolders, stack.apiUrl, RESULTS_DIR));
}

function report(outcome: SuiteOutcome) {
  suiteOutcomes.push(outcome);
  const verdict = passed(outcome) ? 'ok  ' : 'FAIL';
  console.log(
    `${verdict} ${outcome.suite} ${outcome.target}: ${outcome.ran}/${outcome.expected} requests, ${outcome.failed} failed, ${seconds(outcome.durationMs)}`,
  );
  for (const problem of outcome.problems) console.log(`     - ${problem}`);
  if (!passed(outcome)) console.log(`     full output: ${outcome.logFile}`);
}

function printSummary(totalMs: number) {
  const rows = [
    ...phases.map((phase) => [phase.name, `${phase.passed} passed`, `${phase.failed} failed`, seconds(phase.durationMs), phase.ok ? 'ok' : 'FAIL']),
    ...suiteOutcomes.map((outcome) => [
      `${outcome.suite} ${outcome.target}`,
      `${outcome.ran}/${outcome.expected} requests`,
      `${outcome.failed} failed`,
      seconds(outcome.durationMs),
      passed(outcome) ? 'ok' : 'FAIL',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  console.log(`\n=== summary (${seconds(totalMs)}) ===`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log(suitesProvenance);
}

/** A static check over the whole project (handlers, lib, scripts, tests): one phase, passed when the tool exits 0. */
async function staticCheck(name: string, tool: string, args: string[]): Promise<void> {
  console.log(`\n=== ${name} (${tool} ${args.join(' ')}) ===`);
  const startedAt = performance.now();
  const exitCode = await new Promise<number | null>((done, reject) => {
    const child = spawn(binary(tool), args, { cwd: repoRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', done);
  });
  const ok = exitCode === 0;
  phases.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, durationMs: performance.now() - startedAt, ok });
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  await staticCheck('typecheck', 'tsc', ['--noEmit']);
  // Lint and format (biome.json): a finding fails npm test, so CI fails on it.
  await staticCheck('lint', 'biome', ['check', '--error-on-warnings', '.']);
  await vitest('fast', ['unit', 'integration']);

  const suites = locateSuites();
  suitesProvenance = 'found' in suites ? `official suites from ${suites.found.source}` : `official suites NOT RUN: ${suites.missing}`;
  console.log(`\n${suitesProvenance}`);

  // The stack users run: `npm start` itself, its defaults but for free ports and a bundle folder of its own.
  const stackLog = join(RESULTS_DIR, 'stack.log');
  const output = fileOutput(stackLog);
  let stack: NpmStartStack | undefined;
  const stopOnSignal = (code: number) => () => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
  process.once('SIGINT', stopOnSignal(130));
  process.once('SIGTERM', stopOnSignal(143));
  watchForOrphaning(stopOnSignal(143));

  console.log(`\n=== npm start (output in ${stackLog}) ===`);
  const stackStartedAt = performance.now();
  let stackFailure: string | undefined;
  try {
    stack = await startNpmStart(output);
    console.log(`API at ${stack.apiUrl}, ready ${seconds(performance.now() - stackStartedAt)} after npm start`);
    phases.push({ name: 'npm start: every function loads and answers', passed: 1, failed: 0, durationMs: performance.now() - stackStartedAt, ok: true });
    // The stack's endpoints too: tests/e2e/invoke-local.test.ts runs handlers against its table and queues.
    // STACK_LOG: the stack's output, where tests/e2e/correlation.test.ts follows a request into its consumers.
    await vitest('e2e', ['e2e'], {
      ...process.env,
      ...stack.handlerEnv,
      API_URL: stack.apiUrl,
      STACK_ESBUILD_WORK_FOLDER: stack.settings.esbuildWorkFolder,
      STACK_LOG: stackLog,
    });
    if ('found' in suites) await officialSuites(suites.found, stack, apiOrigin(stack.settings));
  } catch (error) {
    stackFailure = error instanceof Error ? error.message : String(error);
  } finally {
    // A part of the stack that died mid-run makes the suites fail; say why.
    if (!stackFailure && stack?.supervisor.signal.aborted) stackFailure = (stack.supervisor.signal.reason as Error).message;
    await stack?.stop();
  }
  // Stopping npm start stops everything it started: nothing may still listen on its ports.
  if (stack) {
    const { apiPort, lambdaPort, dynamodbPort, sqsPort, offlinePort } = stack.settings;
    const ports = { PORT: apiPort, LAMBDA_PORT: lambdaPort, DYNAMODB_PORT: dynamodbPort, SQS_PORT: sqsPort, OFFLINE_PORT: offlinePort ?? apiPort };
    const leftRunning = (
      await Promise.all(
        Object.entries(ports).map(([name, port]) =>
          assertPortFree(port, name).then(
            () => undefined,
            () => `${name} ${port}`,
          ),
        ),
      )
    ).filter(Boolean);
    phases.push({
      name: 'npm start stops everything it started',
      passed: leftRunning.length ? 0 : 1,
      failed: leftRunning.length ? 1 : 0,
      durationMs: 0,
      ok: leftRunning.length === 0,
    });
    if (leftRunning.length) console.error(`\nafter npm start stopped, something still listens on: ${leftRunning.join(', ')}`);
  }
  if (stackFailure) {
    console.error(`\nthe local stack failed: ${stackFailure}\nsee ${stackLog}`);
    phases.push({ name: 'npm start', passed: 0, failed: 1, durationMs: performance.now() - stackStartedAt, ok: false });
  }
  if ('missing' in suites) {
    // Said plainly, and a failure where the suites must run.
    const mustRun = process.env.CI === 'true';
    console.error(`\nofficial suites NOT RUN (Bruno and newman): ${suites.missing}`);
    console.error(
      mustRun ? 'CI=true: that is a failure.' : 'Set REALWORLD_SUITES to a copy of the RealWorld repository laid out like ../shared/realworld to run them.',
    );
    phases.push({ name: 'official suites: not run', passed: 0, failed: mustRun ? 1 : 0, durationMs: 0, ok: !mustRun });
  }

  printSummary(performance.now() - startedAt);
  // A part that failed without a failed test (a crash, requests that never ran) still counts as one failure.
  const failures = (failed: number, ok: boolean) => (failed > 0 ? failed : ok ? 0 : 1);
  const passedCount = phases.reduce((sum, phase) => sum + phase.passed, 0) + suiteOutcomes.reduce((sum, outcome) => sum + outcome.ran - outcome.failed, 0);
  const failedCount =
    phases.reduce((sum, phase) => sum + failures(phase.failed, phase.ok), 0) +
    suiteOutcomes.reduce((sum, outcome) => sum + failures(outcome.failed, passed(outcome)), 0);
  // The closing line CI reads: vitest tests plus suite requests.
  console.log(`\nnpm test: ${passedCount} passed, ${failedCount} failed`);
  return failedCount === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
