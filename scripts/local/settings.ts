import { fromRepo } from './repo.ts';
import { readServerlessYml } from './serverless-yml.ts';

/** Everything that differs between one local stack and another. */
export interface StackSettings {
  apiPort: number;
  /** serverless offline's Lambda invoke endpoint; it must be free too. */
  lambdaPort: number;
  dynamodbPort: number;
  /** The SQS emulator (fauxqs). */
  sqsPort: number;
  /** Where DynamoDB Local keeps its files; in memory when undefined. */
  dynamodbDataDir?: string;
  tableName: string;
  jwtSecret: string;
  /** Rebuild handlers when their source changes (npm start), or never (test runs). */
  watch: boolean;
  /**
   * Bundle node_modules into each handler, as deployments do (npm test), or load them from node_modules
   * (npm start): bundling the AWS SDK into every handler is most of the start-up and of every rebuild.
   */
  bundleDependencies: boolean;
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

const port = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) throw new Error(`${name}=${value} is not a port number`);
  return parsed;
};

/** Settings from the environment, as documented in scripts/README.md; `overrides` win. */
export function settingsFromEnv(overrides: Partial<StackSettings> & { persist?: boolean } = {}): StackSettings {
  const { persist, ...explicit } = overrides;
  const persistent = persist ?? ['1', 'true'].includes(process.env.DYNAMODB_PERSIST ?? '');
  return {
    apiPort: port('PORT', 3000),
    lambdaPort: port('LAMBDA_PORT', 3002),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
    sqsPort: port('SQS_PORT', 9324),
    dynamodbDataDir: persistent ? fromRepo('.dynamodb') : undefined,
    tableName: process.env.TABLE_NAME || DEFAULT_TABLE_NAME,
    jwtSecret: process.env.JWT_SECRET || localJwtSecret(),
    watch: true,
    bundleDependencies: ['1', 'true'].includes(process.env.BUNDLE_DEPENDENCIES ?? ''),
    esbuildWorkFolder: process.env.ESBUILD_WORK_FOLDER || '.esbuild-local',
    ...explicit,
  };
}

export const dynamodbEndpoint = (settings: Pick<StackSettings, 'dynamodbPort'>) => `http://127.0.0.1:${settings.dynamodbPort}`;
export const sqsEndpoint = (settings: Pick<StackSettings, 'sqsPort'>) => `http://127.0.0.1:${settings.sqsPort}`;
export const apiOrigin = (settings: Pick<StackSettings, 'apiPort'>) => `http://localhost:${settings.apiPort}`;
export const apiUrl = (settings: Pick<StackSettings, 'apiPort'>) => `${apiOrigin(settings)}/api`;
