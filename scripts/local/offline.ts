import { assertPortFree } from './ports.ts';
import { binary, repoRoot } from './repo.ts';
import { readServerlessYml, resolveFixedValue } from './serverless-yml.ts';
import { STAGE, type StackSettings } from './settings.ts';
import type { Supervisor } from './supervisor.ts';
import { waitUntil } from './wait.ts';

// Read by serverless.yml's custom.esbuild.watch.pattern: a path that never exists turns watching off.
const NEVER_WATCHED = '.no-watch-during-test-runs';

/**
 * serverless.yml's provider.environment may pin TABLE_NAME for the stage, and serverless offline gives the
 * handlers that value over ours: creating any other table would leave them reading one that does not exist.
 */
function assertHandlersUseTable(tableName: string) {
  const serverlessYml = readServerlessYml();
  const environment = (serverlessYml.provider as { environment?: Record<string, unknown> } | undefined)?.environment;
  const pinned = resolveFixedValue(serverlessYml, environment?.TABLE_NAME, STAGE);
  if (pinned !== undefined && pinned !== tableName) {
    throw new Error(`serverless.yml gives the handlers TABLE_NAME=${pinned} at stage ${STAGE}; unset TABLE_NAME (it is ${tableName})`);
  }
}

/** Starts `serverless offline` under the supervisor and resolves once the API answers any HTTP request. */
export async function startServerlessOffline(settings: StackSettings, handlerEnv: Record<string, string>, supervisor: Supervisor): Promise<void> {
  assertHandlersUseTable(settings.tableName);
  await assertPortFree(settings.apiPort, 'PORT');
  await assertPortFree(settings.lambdaPort, 'LAMBDA_PORT');

  supervisor.spawn('offline', binary('serverless'), ['offline', 'start', '--stage', STAGE], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...handlerEnv,
      // serverless.yml reads these when it resolves its variables.
      PORT: String(settings.apiPort),
      LAMBDA_PORT: String(settings.lambdaPort),
      TABLE_NAME: settings.tableName,
      JWT_SECRET: settings.jwtSecret,
      ...(!settings.watch && { ESBUILD_WATCH_PATTERN: NEVER_WATCHED }),
      ESBUILD_WORK_FOLDER: settings.esbuildWorkFolder,
      ESBUILD_PACKAGES: settings.bundleDependencies ? 'bundle' : 'external',
      // serverless offline copies every AWS_* variable into the handlers' environment.
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });

  // 401 without a token, and no database call: any status proves the HTTP server and a handler are up.
  const probe = `http://127.0.0.1:${settings.apiPort}/api/user`;
  const answers = async () => {
    const response = await fetch(probe, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status > 0;
  };
  await waitUntil(answers, {
    what: `serverless offline on ${probe}`,
    timeoutMs: 120_000,
    intervalMs: 200,
    signal: supervisor.signal,
  });
}
