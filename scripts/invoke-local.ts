// npx tsx scripts/invoke-local.ts <function> <event.json> [--token T] [--param name=value]...
// Runs one handler through `serverless invoke local` against the DynamoDB Local of a running `npm start`
// (see events/README.md).
import './local/quiet-sdk.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventWith, type HttpApiEvent } from './local/http-events.ts';
import { binary, repoRoot } from './local/repo.ts';
import { dynamodbEndpoint, STAGE, settingsFromEnv, sqsEndpoint } from './local/settings.ts';

const usage = `usage: npx tsx scripts/invoke-local.ts <function> <event.json> [--token T] [--param name=value]...
  --token T           sets the event's "authorization: Token T" header
  --param name=value  sets a path parameter (and the path it appears in), e.g. --param slug=my-article-0mwv...
  DYNAMODB_PORT, SQS_PORT, JWT_SECRET: as given to npm start (defaults: 8000, 9324, npm start's development secret)`;

// Its own build folder, so it never rebuilds under a running stack or a `serverless package`.
const ESBUILD_WORK_FOLDER = '.esbuild-invoke-local';

function parseArgs(args: string[]) {
  const [functionName, eventPath, ...options] = args;
  if (!functionName || !eventPath || functionName.startsWith('-')) throw new Error(usage);
  let token: string | undefined;
  const params: [string, string][] = [];
  for (let i = 0; i < options.length; i += 2) {
    const [option, value] = [options[i], options[i + 1]];
    if (value === undefined) throw new Error(`${option} needs a value\n\n${usage}`);
    if (option === '--token') token = value;
    else if (option === '--param' && value.includes('=')) params.push([value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)]);
    else throw new Error(`unknown option ${option} ${value}\n\n${usage}`);
  }
  return { functionName, eventPath: resolve(eventPath), token, params };
}

async function main() {
  const { functionName, eventPath, token, params } = parseArgs(process.argv.slice(2));
  const event = eventWith(JSON.parse(readFileSync(eventPath, 'utf8')) as HttpApiEvent, token, params);
  const directory = mkdtempSync(join(tmpdir(), 'conduit-event-'));
  const eventFile = join(directory, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event, null, 2));

  const settings = settingsFromEnv();
  const child = spawn(binary('serverless'), ['invoke', 'local', '-f', functionName, '-p', eventFile, '--stage', STAGE], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // serverless.yml reads these; the handlers get TABLE_NAME conduit-<stage> from it, like npm start's.
      DYNAMODB_ENDPOINT: dynamodbEndpoint(settings),
      // Domain events go to npm start's queues, whose consumers then update feeds as they do for HTTP requests.
      SQS_ENDPOINT: sqsEndpoint(settings),
      JWT_SECRET: settings.jwtSecret,
      ESBUILD_WORK_FOLDER,
      // Fixed local credentials keep the SDK from probing for an AWS profile or instance metadata.
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
  });
  const exitCode = await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
  rmSync(directory, { recursive: true, force: true });
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
