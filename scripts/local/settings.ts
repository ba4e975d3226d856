import { fromRepo } from './repo.ts';
import { readServerlessYml } from './serverless-yml.ts';

/** Everything that differs between one local stack and another. */
export interface StackSettings {
  /** The API as clients reach it: the gateway in front of serverless offline. */
  apiPort: number;
  /** serverless offline's own HTTP port, behind the gateway; a free one when undefined. */
  offlinePort?: number;
  /** serverless offline's Lambda invoke endpoint; it must be free too. */
  lambdaPort: number;
  dynamodbPort: number;
  /** The SQS emulator (fauxqs). */
  sqsPort: number;
  /** Where DynamoDB Local keeps its files; in memory when undefined. */
  dynamodbDataDir?: string;
  tableName: string;
  jwtSecret: string;
  /** Rebuild handlers when their source changes. */
  watch: boolean;
  /**
   * Where serverless-esbuild bundles, relative to the repo. Two stacks need two, and none may be `.esbuild`:
   * `serverless package` deletes that folder when it finishes.
   */
  esbuildWorkFolder: string;
}

export const STAGE = 'local';
/** The table serverless.yml gives the handlers at that stage (`${self:service}-${sls:stage}`). */
export const DEFAULT_TABLE_NAME = 'conduit-local';

/** The local stage's development secret, from serverless.yml's `params.local`. */
function localJwtSecret(): string {
  const params = readServerlessYml().params as { local?: { jwtSecret?: unknown } } | undefined;
  const secret = params?.local?.jwtSecret;
  if (typeof secret !== 'string' || secret === '') throw new Error('serverless.yml: params.local.jwtSecret is missing');
  return secret;
}

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) throw new Error(`${name}=${value} is not a port number`);
  return parsed;
};

/** Settings from the environment, as documented in scripts/README.md; `overrides` win. */
export function settingsFromEnv(overrides: Partial<StackSettings> & { persist?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): StackSettings {
  const { persist, ...explicit } = overrides;
  const persistent = persist ?? ['1', 'true'].includes(env.DYNAMODB_PERSIST ?? '');
  return {
    apiPort: port(env, 'PORT', 3000),
    offlinePort: env.OFFLINE_PORT ? port(env, 'OFFLINE_PORT', 3001) : undefined,
    lambdaPort: port(env, 'LAMBDA_PORT', 3002),
    dynamodbPort: port(env, 'DYNAMODB_PORT', 8000),
    sqsPort: port(env, 'SQS_PORT', 9324),
    dynamodbDataDir: persistent ? fromRepo('.dynamodb') : undefined,
    tableName: env.TABLE_NAME || DEFAULT_TABLE_NAME,
    jwtSecret: env.JWT_SECRET || localJwtSecret(),
    watch: true,
    esbuildWorkFolder: env.ESBUILD_WORK_FOLDER || '.esbuild-local',
    ...explicit,
  };
}

export const dynamodbEndpoint = (settings: Pick<StackSettings, 'dynamodbPort'>) => `http://127.0.0.1:${settings.dynamodbPort}`;
export const sqsEndpoint = (settings: Pick<StackSettings, 'sqsPort'>) => `http://127.0.0.1:${settings.sqsPort}`;
export const apiOrigin = (settings: Pick<StackSettings, 'apiPort'>) => `http://localhost:${settings.apiPort}`;
export const apiUrl = (settings: Pick<StackSettings, 'apiPort'>) => `${apiOrigin(settings)}/api`;
