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

/** The handlers' environment as serverless offline resolves it: serverless.yml reads these variables. */
export function offlineEnv(settings: StackSettings, handlerEnv: Record<string, string>, offlinePort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...handlerEnv,
    PORT: String(offlinePort),
    LAMBDA_PORT: String(settings.lambdaPort),
    TABLE_NAME: settings.tableName,
    JWT_SECRET: settings.jwtSecret,
    ...(!settings.watch && { ESBUILD_WATCH_PATTERN: NEVER_WATCHED }),
    ESBUILD_WORK_FOLDER: settings.esbuildWorkFolder,
    // serverless offline copies every AWS_* variable into the handlers' environment.
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Starts `serverless offline` under the supervisor on `offlinePort`, behind the gateway, and resolves once
 * its HTTP server listens, that is once it has built every handler. Whether the handlers work is the
 * handler check's question (handler-check.ts), asked before the stack says it is ready.
 */
export async function startServerlessOffline(
  settings: StackSettings,
  handlerEnv: Record<string, string>,
  offlinePort: number,
  supervisor: Supervisor,
): Promise<void> {
  assertHandlersUseTable(settings.tableName);
  await assertPortFree(offlinePort, 'OFFLINE_PORT');
  await assertPortFree(settings.lambdaPort, 'LAMBDA_PORT');

  supervisor.spawn('offline', binary('serverless'), ['offline', 'start', '--stage', STAGE], {
    cwd: repoRoot,
    env: offlineEnv(settings, handlerEnv, offlinePort),
  });

  const listening = `http://127.0.0.1:${offlinePort}/`;
  await waitUntil(
    async () => {
      await (await fetch(listening, { signal: AbortSignal.timeout(5_000) })).arrayBuffer();
      return true;
    },
    { what: `serverless offline on ${listening}`, timeoutMs: 180_000, intervalMs: 200, signal: supervisor.signal },
  );
}
