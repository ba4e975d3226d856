// npm run bench [-- --quick]: bundle size, cold start and a load run per function, against a floor measured in
// the same run on the same machine, on the stack `npm start` runs (see scripts/bench/RESULTS.md).
import './local/quiet-sdk.ts';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { coldStart, median, percentile } from './bench/cold-start.ts';
import { chooseMemory } from './bench/cost.ts';
import { type RecordedCall, roundsOf, startRecorder } from './bench/dynamodb-recorder.ts';
import { type LoadRequest, loadRun } from './bench/load.ts';
import type { ReplayEvent } from './bench/replay-floor-handler.ts';
import { type BenchResults, coldStartChart, type FunctionRow, markdownTable } from './bench/report.ts';
import { warmRuns } from './bench/warm.ts';
import { esbuildOptionsFromServerlessYml } from './local/esbuild-options.ts';
import { bundleOf, type DeclaredFunction, declaredFunctions } from './local/handler-check.ts';
import { eventWith, type HttpApiEvent } from './local/http-events.ts';
import { type NpmStartStack, startNpmStart } from './local/npm-start.ts';
import { fromRepo } from './local/repo.ts';
import { readServerlessYml } from './local/serverless-yml.ts';
import { fileOutput } from './local/supervisor.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 11;
const WARM_RUNS = quick ? 10 : 50;
const LOAD = quick ? { clients: 10, seconds: 5 } : { clients: 50, seconds: 30 };
const WORK = fromRepo('.bench');
// Only a full run replaces the published results; --quick proves the bench works.
const PUBLISHED = fromRepo('scripts/bench');

const kib = (bytes: number) => bytes / 1024;

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

async function buildFloor(name: 'floor-handler' | 'replay-floor-handler'): Promise<string> {
  const outdir = join(WORK, 'floor');
  await build({ ...esbuildOptionsFromServerlessYml(), entryPoints: [fromRepo(`scripts/bench/${name}.ts`)], outdir, logLevel: 'silent' });
  return join(outdir, `${name}.cjs`);
}

/** A route's recorded calls as the replay floor's event (without the units the recorder asked for). */
const replayEventOf = (rounds: RecordedCall[][]): ReplayEvent => ({
  rounds: rounds.map((round) =>
    round.map((call) => {
      const { ReturnConsumedCapacity: _, ...input } = JSON.parse(call.body) as Record<string, unknown>;
      return { operation: call.operation, input: JSON.stringify(input) };
    }),
  ),
});

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
      LOG_LEVEL: 'error',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };

    const recorder = await startRecorder(stack.handlerEnv.DYNAMODB_ENDPOINT!);
    const floorBundle = await buildFloor('floor-handler');
    const replayFloorBundle = await buildFloor('replay-floor-handler');
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
    for (const fn of declaredFunctions(readServerlessYml())) {
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
        const runs = [];
        for (let run = 0; run < RUNS; run += 1) {
          const result = await coldStart(bundle, sampleEvent(fn, data, run), env);
          if (!result.status || result.status >= 400) throw new Error(`${fn.key} answered ${result.status} in its cold-start run`);
          runs.push(result);
        }
        row.coldStartMs = median(runs.map((r) => r.servedMs));
        row.loadMs = median(runs.map((r) => r.loadedMs));
        row.coldCpuMs = median(runs.map((r) => r.cpuMs));

        recorder.reset();
        const events = Array.from({ length: WARM_RUNS + 2 }, (_, run) => sampleEvent(fn, data, RUNS + run));
        const warm = await warmRuns(bundle, events, recorder.endpoint, env, join(WORK, 'events.json'));
        if (warm.statuses.some((status) => status >= 400)) throw new Error(`${fn.key} answered ${warm.statuses.join(',')} in its warm runs`);
        const [from, to] = recorder.marks;
        const calls = recorder.calls.slice(from, to);
        const rounds = roundsOf(calls);
        // The route's own floor: the raw client making the same calls, cold in fresh processes and warm in one, the
        // warm one through the recorder as the handler's warm calls went.
        const replayEvent = replayEventOf(rounds);
        const floorRuns = [];
        for (let run = 0; run < RUNS; run += 1) floorRuns.push(await coldStart(replayFloorBundle, replayEvent, env));
        row.floorColdStartMs = median(floorRuns.map((r) => r.servedMs));
        row.coldStartRatio = row.coldStartMs / row.floorColdStartMs;
        // A route that makes no call has no warm floor to compare with (its floor would time an empty function).
        const replayMs =
          rounds.length === 0
            ? undefined
            : (await warmRuns(replayFloorBundle, Array(WARM_RUNS + 2).fill(replayEvent), recorder.endpoint, env, join(WORK, 'events.json'))).latenciesMs;
        Object.assign(row, {
          calls: calls.length,
          rounds: rounds.length,
          readUnits: calls.reduce((sum, call) => sum + call.readUnits, 0),
          writeUnits: calls.reduce((sum, call) => sum + call.writeUnits, 0),
          warmP50Ms: percentile(warm.latenciesMs, 50),
          warmP99Ms: percentile(warm.latenciesMs, 99),
          rawSdkP50Ms: replayMs && percentile(replayMs, 50),
          cpuMs: percentile(warm.cpuMs, 50),
          peakRssMiB: warm.peakRssMiB,
        });
        row.warmRatio = row.rawSdkP50Ms === undefined ? undefined : row.warmP50Ms! / row.rawSdkP50Ms;
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
            : `, first answer ${row.coldStartMs.toFixed(0)} ms (${row.coldStartRatio!.toFixed(2)}×), warm p50 ${row.warmP50Ms!.toFixed(1)} ms vs ${row.rawSdkP50Ms?.toFixed(1) ?? '—'} ms raw (${row.warmRatio?.toFixed(2) ?? '—'}×), ${row.calls} calls in ${row.rounds} rounds, ${row.readUnits} RCU ${row.writeUnits} WCU`),
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
    const target = quick ? WORK : PUBLISHED;
    writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));
    // The published numbers are what serverless.yml's memory sizes are checked against (tests/unit/scripts/memory-sizes.test.ts).
    if (!quick) writeFileSync(join(PUBLISHED, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
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
