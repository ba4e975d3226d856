// Every value comes from serverless.yml's environment block. Read on first use, not at import, so a test
// (or a script) sets the environment and then imports lib normally; a Lambda container reads it once.

export interface Config {
  tableName: string;
  /** Set only for local runs and tests: points the SDK at DynamoDB Local. */
  dynamodbEndpoint?: string;
  region: string;
  jwtSecret: string;
  jwtSecretParameter: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtTtlSeconds: number;
  /** Set only for local runs and tests: points the SDK at the SQS emulator. */
  sqsEndpoint?: string;
  queueNamePrefix: string;
  maxBodyBytes: number;
  /** The most comments one GET /api/articles/{slug}/comments answers. */
  commentsPageSize: number;
}

function fromEnvironment(env = process.env): Config {
  return {
    tableName: env.TABLE_NAME ?? 'conduit-dev',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'us-east-1',
    jwtSecret: env.JWT_SECRET ?? '',
    jwtSecretParameter: env.JWT_SECRET_PARAMETER ?? '',
    jwtIssuer: env.JWT_ISSUER ?? 'conduit',
    jwtAudience: env.JWT_AUDIENCE ?? 'conduit-api',
    jwtTtlSeconds: Number(env.JWT_TTL_SECONDS ?? 60 * 60 * 24 * 7),
    sqsEndpoint: env.SQS_ENDPOINT || undefined,
    queueNamePrefix: env.QUEUE_NAME_PREFIX ?? 'conduit-dev',
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 100 * 1024),
    commentsPageSize: Number(env.COMMENTS_PAGE_SIZE ?? 100),
  };
}

let current: Config | undefined;

/** The configuration, read from the environment the first time it is asked for. */
export const config = (): Config => (current ??= fromEnvironment());
