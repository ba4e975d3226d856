import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { binary, fromRepo, repoRoot } from '../../scripts/local/repo.ts';
import { api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';

// The commands events/README.md documents, run as written against the running stack's DynamoDB Local and
// queues. npm test hands this project the stack's endpoints; against `npm start` serverless.yml's local
// stage already points at them.
const ESBUILD_WORK_FOLDER = '.esbuild-e2e-invoke-local';
const env = { ...process.env, ESBUILD_WORK_FOLDER };
const portOf = (url: string | undefined) => (url ? new URL(url).port : undefined);

afterAll(() => {
  // Ours, and the one scripts/invoke-local.ts always builds into.
  for (const folder of [ESBUILD_WORK_FOLDER, '.esbuild-invoke-local']) rmSync(fromRepo(folder), { recursive: true, force: true });
});

/** The function's result: serverless prints it last, pretty-printed, after the handler's log lines. */
function resultOf(stdout: string): any {
  const start = stdout.lastIndexOf('\n{\n');
  return JSON.parse(stdout.slice(start === -1 ? 0 : start));
}

async function serverlessInvokeLocal(functionName: string, eventFile: string) {
  const { stdout } = await promisify(execFile)(binary('serverless'), ['invoke', 'local', '--stage', 'local', '-f', functionName, '-p', eventFile], {
    cwd: repoRoot,
    env,
  });
  return resultOf(stdout);
}

describe('serverless invoke local with the sample events', () => {
  it('answers an HTTP API event from the same table the API writes', async () => {
    const author = await registerViaApi('invoker');
    const tag = uniqueName('invoked').toLowerCase();
    const created = await api('POST', '/articles', {
      token: author.token,
      body: { article: { title: 'Invoked by hand', description: 'd', body: 'b', tagList: [tag] } },
    });
    expect(created.status).toBe(201);

    const result = await serverlessInvokeLocal('tagsList', 'events/tags/list.json');

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).tags).toContain(tag);
  });

  it('runs a queue consumer on the sample SQS batch and a schedule on the sample scheduled event', async () => {
    expect(await serverlessInvokeLocal('feedFanout', 'events/consumers/feed-fanout.json')).toEqual({ batchItemFailures: [] });
    expect(await serverlessInvokeLocal('outboxSweeper', 'events/schedules/outbox-sweeper.json')).toHaveProperty('resent');
  });

  it('fills in a token with scripts/invoke-local.ts, and the handler accepts it', async () => {
    const user = await registerViaApi('invoker');
    const { stdout } = await promisify(execFile)(
      binary('tsx'),
      ['scripts/invoke-local.ts', 'userGetCurrent', 'events/users/get-current.json', '--token', user.token],
      { cwd: repoRoot, env: { ...env, DYNAMODB_PORT: portOf(process.env.DYNAMODB_ENDPOINT) ?? '', SQS_PORT: portOf(process.env.SQS_ENDPOINT) ?? '' } },
    );
    const result = resultOf(stdout);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).user.username).toBe(user.username);
  });
});
