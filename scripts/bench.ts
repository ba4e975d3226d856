// npm run bench [-- --quick]: bundle size, cold start and a load run per function, against a floor measured in
// the same run on the same machine, on the stack `npm start` runs (see scripts/bench/RESULTS.md).
import './local/quiet-sdk.ts';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CURRENT_PARAMS } from '../lib/auth/password.ts';
import { emulatorQueueUrlBase } from '../lib/config.ts';
import { roundsOf, startRecorder } from './bench/call-recorder.ts';
import { type ColdStart, coldStart, median, percentile } from './bench/cold-start.ts';
import { chooseMemory } from './bench/cost.ts';
import { type LoadRequest, loadRun } from './bench/load.ts';
import { quietStack } from './bench/quiet-stack.ts';
import { replayEventOf } from './bench/replay-input.ts';
import { type BenchResults, coldStartChart, type FunctionRow, markdownTable } from './bench/report.ts';
import { warmComparison, warmRuns } from './bench/warm.ts';
import { esbuildOptionsFromServerlessYml } from './local/esbuild-options.ts';
import { bundleOf, type DeclaredFunction, declaredFunctions } from './local/handler-check.ts';
import { eventWith, type HttpApiEvent } from './local/http-events.ts';
import { type NpmStartStack, startNpmStart } from './local/npm-start.ts';
import { fromRepo } from './local/repo.ts';
import { readServerlessYml } from './local/serverless-yml.ts';
import { fileOutput } from './local/supervisor.ts';

const quick = process.argv.includes('--quick');
// --only=key,key measures just those functions (while working on them); like --quick it publishes nothing.
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const publishes = !quick && !only;
// Medians of many runs: a route and its floor differ by a few milliseconds cold and tenths of one warm, about what
// one run varies by on a shared machine.
const RUNS = quick ? 3 : 41;
const WARM_RUNS = quick ? 10 : 200;
const LOAD = quick ? { clients: 10, seconds: 5 } : { clients: 50, seconds: 30 };
const WORK = fromRepo('.bench');
// Only a full run replaces the published results; --quick proves the bench works.
const PUBLISHED = fromRepo('scripts/bench');

const kib = (bytes: number) => bytes / 1024;

const mostCommon = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
};

interface Fixture {
  author: { token: string; username: string; email: string; password: string };
  reader: { token: string; username: string };
  slug: string;
  commentId: number;
}

async function call(apiUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Token ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** An author with an article, a comment, a follower who favorited it: what the sample events need to name. */
async function fixture(apiUrl: string): Promise<Fixture> {
  const suffix = Date.now().toString(36);
  const register = async (name: string) => {
    const user = { username: `${name}${suffix}`, email: `${name}${suffix}@example.com`, password: 'bench password long enough' };
    return { ...user, token: (await call(apiUrl, 'POST', '/users', { user })).user.token as string };
  };
  const [author, reader] = await Promise.all([register('author'), register('reader')]);
  const { article } = await call(
    apiUrl,
    'POST',
    '/articles',
    { article: { title: 'Bench', description: 'measured', body: 'x'.repeat(2000), tagList: ['bench'] } },
    author.token,
  );
  const { comment } = await call(apiUrl, 'POST', `/articles/${article.slug}/comments`, { comment: { body: 'first' } }, reader.token);
  await call(apiUrl, 'POST', `/profiles/${author.username}/follow`, undefined, reader.token);
  await call(apiUrl, 'POST', `/articles/${article.slug}/favorite`, undefined, reader.token);
  return { author, reader, slug: article.slug, commentId: comment.id };
}

/**
 * Routes that compute one scrypt hash per request (register hashes the new password, login checks one): their
 * floors compute it too, at the same parameters, as they make the route's calls (scripts/bench/replay-floor.ts).
 */
const HASHES_A_PASSWORD = new Set(['usersRegister', 'usersLogin']);

/**
 * Routes measured for bundle size only, and why: deletes (and signing out everywhere) change what the next run
 * finds, moderation needs a moderator or admin per run, and a webhook's own routes need an endpoint per run.
 */
const BUNDLE_ONLY: Record<string, string> = {
  articlesDelete: 'deletes: bundle only',
  commentsDelete: 'deletes: bundle only',
  userDeleteSessions: 'ends the sessions the bench uses: bundle only',
  moderationUnpublishArticle: 'moderation: bundle only',
  moderationUnpublishComment: 'moderation: bundle only',
  moderationSuspendUser: 'moderation: bundle only',
  moderationReinstateUser: 'moderation: bundle only',
  adminSetRole: 'admin: bundle only',
  adminAudit: 'admin: bundle only',
  webhooksGet: 'needs an endpoint per run: bundle only',
  webhooksUpdate: 'needs an endpoint per run: bundle only',
  webhooksDelete: 'needs an endpoint per run: bundle only',
  webhooksRotateSecret: 'needs an endpoint per run: bundle only',
  webhooksDeliveries: 'needs an endpoint per run: bundle only',
  docsAsset: 'reads the files packaged beside it: bundle only',
};

/** The function's sample event from events/, filled in with the fixture's token, ids and (for register/login) body. */
function sampleEvent(fn: DeclaredFunction, data: Fixture, run: number): HttpApiEvent {
  const file = fromRepo('events', `${fn.handler.slice('functions/'.length, fn.handler.lastIndexOf('.'))}.json`);
  const event = JSON.parse(readFileSync(file, 'utf8')) as HttpApiEvent;
  const params: [string, string][] = Object.keys(event.pathParameters ?? {}).map((name) => [
    name,
    name === 'slug' ? data.slug : name === 'username' ? data.author.username : String(data.commentId),
  ]);
  const needsToken = Boolean(event.headers?.authorization);
  const filled = eventWith(event, needsToken ? data.reader.token : undefined, params);
  if (fn.key === 'usersRegister') {
    const name = `cold${run}${Date.now().toString(36)}`;
    return { ...filled, body: JSON.stringify({ user: { username: name, email: `${name}@example.com`, password: 'bench password long enough' } }) };
  }
  if (fn.key === 'usersLogin') return { ...filled, body: JSON.stringify({ user: { email: data.author.email, password: data.author.password } }) };
  if (fn.key === 'articlesUpdate') return eventWith(filled, data.author.token, []);
  return filled;
}

async function buildFloor(name: 'floor-handler' | 'replay-floor-handler' | 'replay-floor-queues-handler'): Promise<string> {
  const outdir = join(WORK, 'floor');
  await build({ ...esbuildOptionsFromServerlessYml(), entryPoints: [fromRepo(`scripts/bench/${name}.ts`)], outdir, logLevel: 'silent' });
  return join(outdir, `${name}.cjs`);
}

function loadMix(data: Fixture): { pick: () => LoadRequest; mix: string } {
  const requests: [number, () => LoadRequest][] = [
    [40, () => ({ method: 'GET', path: '/articles?limit=20', expect: 200 })],
    [15, () => ({ method: 'GET', path: `/articles/${data.slug}`, token: data.reader.token, expect: 200 })],
    [10, () => ({ method: 'GET', path: '/articles/feed?limit=20', token: data.reader.token, expect: 200 })],
    [10, () => ({ method: 'GET', path: '/tags', expect: 200 })],
    [10, () => ({ method: 'GET', path: `/articles/${data.slug}/comments`, expect: 200 })],
    [10, () => ({ method: 'POST', path: `/articles/${data.slug}/comments`, body: { comment: { body: 'load' } }, token: data.reader.token, expect: 201 })],
    [5, () => ({ method: 'POST', path: `/articles/${data.slug}/favorite`, token: data.reader.token, expect: 200 })],
  ];
  const total = requests.reduce((sum, [weight]) => sum + weight, 0);
  return {
    mix: '40% article list, 15% article, 10% feed, 10% tags, 10% comments, 10% new comment, 5% favorite',
    pick: () => {
      let roll = Math.random() * total;
      for (const [weight, request] of requests) {
        roll -= weight;
        if (roll < 0) return request();
      }
      return requests[0]![1]();
    },
  };
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  // The bench measures speed: one reader writes hundreds of comments and articles a minute from one address,
  // which the abuse limits (README.md, "Limits and security") would rightly refuse.
  for (const limit of [
    'LIMIT_ARTICLES_PER_MINUTE',
    'LIMIT_COMMENTS_PER_MINUTE',
    'LIMIT_FOLLOWS_PER_MINUTE',
    'LIMIT_FAVORITES_PER_MINUTE',
    'LIMIT_REGISTRATIONS_PER_MINUTE',
    'WEBHOOKS_PER_USER',
  ]) {
    process.env[limit] = '1000000';
  }
  console.log(`npm run bench${quick ? ' --quick' : ''}: starting npm start (output in .bench/stack.log)`);
  let stack: NpmStartStack | undefined;
  try {
    stack = await startNpmStart(fileOutput(join(WORK, 'stack.log')));
    const data = await fixture(stack.apiUrl);
    const env = {
      ...process.env,
      ...stack.handlerEnv,
      TABLE_NAME: stack.settings.tableName,
      JWT_SECRET: stack.settings.jwtSecret,
      QUEUE_NAME_PREFIX: stack.settings.tableName,
      // As deployed (serverless.yml): a line per request, and its metrics, are part of what a handler costs.
      LOG_LEVEL: 'info',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // Queue URLs name the emulator itself, so messages sent through the recorder reach the same queues.
      QUEUE_URL_BASE: emulatorQueueUrlBase(stack.handlerEnv.SQS_ENDPOINT!, 'us-east-1'),
    };

    const waitForQuiet = quietStack(stack.handlerEnv.SQS_ENDPOINT!);
    const recorder = await startRecorder({ dynamodb: stack.handlerEnv.DYNAMODB_ENDPOINT!, sqs: stack.handlerEnv.SQS_ENDPOINT! });
    const floorBundle = await buildFloor('floor-handler');
    const replayFloorBundles = { dynamodb: await buildFloor('replay-floor-handler'), queues: await buildFloor('replay-floor-queues-handler') };
    // DynamoDB Local's first requests are slow while its JVM warms up: that is not the floor's cost.
    for (let run = 0; run < 3; run += 1) await coldStart(floorBundle, {}, env);
    const floorRuns = [];
    for (let run = 0; run < RUNS; run += 1) floorRuns.push(await coldStart(floorBundle, {}, env));
    const floor = {
      bundleKiB: kib(statSync(floorBundle).size),
      coldStartMs: median(floorRuns.map((r) => r.servedMs)),
      loadMs: median(floorRuns.map((r) => r.loadedMs)),
    };
    console.log(`floor: ${floor.bundleKiB.toFixed(0)} KiB, first answer ${floor.coldStartMs.toFixed(0)} ms`);

    const rows: FunctionRow[] = [];
    for (const fn of declaredFunctions(readServerlessYml()).filter((declared) => !only || only.includes(declared.key))) {
      const bundle = bundleOf(stack.settings.esbuildWorkFolder, fn.handler);
      const bundleKiB = kib(statSync(bundle).size);
      const row: FunctionRow = {
        functionKey: fn.key,
        route: fn.route && `${fn.route.method} ${fn.route.path}`,
        bundleKiB,
        bundleRatio: bundleKiB / floor.bundleKiB,
      };
      if (!fn.route) row.note = 'queue or schedule: bundle only';
      else if (BUNDLE_ONLY[fn.key]) row.note = BUNDLE_ONLY[fn.key];
      else {
        // The route's calls, recorded in one warm process (which also gives a warm request's CPU and memory).
        recorder.reset();
        const events = Array.from({ length: WARM_RUNS + 2 }, (_, run) => sampleEvent(fn, data, RUNS + run));
        const warm = await warmRuns(bundle, events, recorder.endpoint, env, join(WORK, 'events.json'));
        if (warm.statuses.some((status) => status >= 400)) throw new Error(`${fn.key} answered ${warm.statuses.join(',')} in its warm runs`);
        // Each request's calls; among those that made the usual number of calls, the one with the fewest rounds stands
        // for the route. Rounds are read from when calls reach the recorder, and calls sent at once can look
        // sequential when the client's CPU spaced them out (18 queries sent together, the first answered before the
        // last left): the fewest rounds a request showed is the closest to what the handler sends together.
        const requests = recorder.marks.slice(1).map((to, index) => recorder.calls.slice(recorder.marks[index], to));
        const usualCount = mostCommon(requests.map((request) => request.length));
        const { calls, rounds } = requests
          .filter((request) => request.length === usualCount)
          .map((request) => ({ calls: request, rounds: roundsOf(request) }))
          .reduce((fewest, request) => (request.rounds.length < fewest.rounds.length ? request : fewest));
        const dynamodbCalls = calls.filter((recorded) => recorded.service === 'dynamodb');
        // The route's own floor: the raw clients making the same calls.
        const replayFloor = {
          bundle: calls.length > dynamodbCalls.length ? replayFloorBundles.queues : replayFloorBundles.dynamodb,
          event: replayEventOf(rounds, HASHES_A_PASSWORD.has(fn.key) ? CURRENT_PARAMS : undefined),
        };

        // Cold starts, the route's and its floor's in turn, so both meet the same moments of the stack.
        const runs: ColdStart[] = [];
        const floorRuns: ColdStart[] = [];
        let quietWaitMs = 0;
        const quietly = async <T>(measure: () => Promise<T>): Promise<T> => {
          const { waitedMs, stillPending } = await waitForQuiet();
          quietWaitMs += waitedMs;
          if (stillPending) console.log(`  ${fn.key}: ${stillPending} message(s) still pending after ${Math.round(waitedMs / 1000)} s; measuring anyway`);
          return measure();
        };
        for (let run = 0; run < RUNS; run += 1) {
          const routeRun = async () => {
            const result = await coldStart(bundle, sampleEvent(fn, data, run), env);
            if (!result.status || result.status >= 400) throw new Error(`${fn.key} answered ${result.status} in its cold-start run`);
            runs.push(result);
          };
          const floorRun = async () => {
            const result = await coldStart(replayFloor.bundle, replayFloor.event, env);
            if (result.status !== 200) throw new Error(`${fn.key}'s floor was refused a replayed call in its cold-start run`);
            floorRuns.push(result);
          };
          for (const measure of run % 2 === 0 ? [routeRun, floorRun] : [floorRun, routeRun]) await quietly(measure);
        }
        row.coldStartMs = median(runs.map((r) => r.servedMs));
        row.loadMs = median(runs.map((r) => r.loadedMs));
        row.coldCpuMs = median(runs.map((r) => r.cpuMs));
        row.floorColdStartMs = median(floorRuns.map((r) => r.servedMs));
        // Each run's route and floor went back to back: the median of those pairs' ratios is what a slow moment of
        // the shared machine (a JVM collection, a scheduled function) moves least.
        row.coldStartRatio = median(runs.map((routeRun, run) => routeRun.servedMs / floorRuns[run]!.servedMs));

        // Warm: the route and its floor in turn in one process, both through the recorder. A route that makes no
        // call has no warm floor to compare with (its floor would time an empty function): its own warm run stands.
        const compared =
          rounds.length === 0
            ? undefined
            : await quietly(() =>
                warmComparison(
                  bundle,
                  Array.from({ length: WARM_RUNS + 2 }, (_, run) => sampleEvent(fn, data, RUNS + WARM_RUNS + 2 + run)),
                  replayFloor,
                  recorder.endpoint,
                  env,
                  join(WORK, 'compare'),
                ),
              );
        row.quietWaitMs = quietWaitMs;
        if (compared?.statuses.some((status) => status >= 400)) throw new Error(`${fn.key} answered ${compared.statuses.join(',')} beside its floor`);
        if (compared?.floorStatuses.some((status) => status !== 200)) throw new Error(`${fn.key}'s floor was refused a replayed call in its warm runs`);
        const warmMs = compared?.latenciesMs ?? warm.latenciesMs;
        Object.assign(row, {
          calls: dynamodbCalls.length,
          sends: calls.length - dynamodbCalls.length,
          rounds: rounds.length,
          readUnits: calls.reduce((sum, call) => sum + call.readUnits, 0),
          minReadUnits: calls.reduce((sum, call) => sum + call.minReadUnits, 0),
          writeUnits: calls.reduce((sum, call) => sum + call.writeUnits, 0),
          warmP50Ms: percentile(warmMs, 50),
          warmP99Ms: percentile(warmMs, 99),
          rawSdkP50Ms: compared && percentile(compared.floorMs, 50),
          cpuMs: percentile(warm.cpuMs, 50),
          peakRssMiB: warm.peakRssMiB,
        });
        row.warmRatio = row.rawSdkP50Ms === undefined ? undefined : row.warmP50Ms! / row.rawSdkP50Ms;
        row.readUnitsRatio = row.minReadUnits ? row.readUnits! / row.minReadUnits : undefined;
        row.memory = chooseMemory({
          cpuMs: row.cpuMs!,
          coldCpuMs: row.coldCpuMs,
          rounds: row.rounds!,
          readUnits: row.readUnits!,
          writeUnits: row.writeUnits!,
          peakRssMiB: row.peakRssMiB!,
        });
      }
      rows.push(row);
      console.log(
        `${fn.key}: ${bundleKiB.toFixed(0)} KiB` +
          (row.coldStartMs === undefined
            ? ''
            : `, first answer ${row.coldStartMs.toFixed(0)} ms vs ${row.floorColdStartMs!.toFixed(0)} ms (${row.coldStartRatio!.toFixed(2)}×; ${(row.quietWaitMs! / 1000).toFixed(1)} s waited for a quiet stack), warm p50 ${row.warmP50Ms!.toFixed(1)} ms vs ${row.rawSdkP50Ms?.toFixed(1) ?? '—'} ms raw (${row.warmRatio?.toFixed(2) ?? '—'}×), ${row.calls} calls and ${row.sends} sends in ${row.rounds} rounds, ${row.readUnits} RCU (minimum ${row.minReadUnits}) ${row.writeUnits} WCU`),
      );
    }

    const { pick, mix } = loadMix(data);
    console.log(`load run: ${LOAD.clients} clients for ${LOAD.seconds} s`);
    const load = await loadRun(stack.apiUrl, LOAD.clients, LOAD.seconds, pick);
    for (const error of load.firstErrors) console.log(`  error: ${error}`);

    const results: BenchResults = {
      measuredAt: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`,
      runsPerColdStart: RUNS,
      floor,
      functions: rows,
      load: { ...load, mix },
    };
    const table = markdownTable(results);
    console.log(`\n${table}`);
    const target = publishes ? PUBLISHED : WORK;
    writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));
    // The published numbers are what serverless.yml's memory sizes are checked against (tests/unit/scripts/memory-sizes.test.ts).
    if (publishes) writeFileSync(join(PUBLISHED, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(
      join(target, 'RESULTS.md'),
      `# Benchmark results\n\n\`npm run bench\` writes this page and cold-start.svg; \`.bench/results.json\` has the numbers.\n\n${table}`,
    );
    writeFileSync(join(target, 'cold-start.svg'), coldStartChart(results));
    console.log(`written: ${join(target, 'RESULTS.md')}, ${join(target, 'cold-start.svg')}, ${join(WORK, 'results.json')}`);
    if (load.errors > 0) process.exitCode = 1;
    await recorder.stop();
  } finally {
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
