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
  /** Abuse limits (README.md, "Limits and security"). */
  limits: Limits;
}

/** Requests per fixed one-minute window, by what each limit counts. */
export interface Limits {
  articlesPerMinute: number;
  commentsPerMinute: number;
  followsPerMinute: number;
  favoritesPerMinute: number;
  registrationsPerMinute: number;
  /** Failed logins of one account, and of one address, before each is locked out. */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  /** The first lockout; each failure past the threshold doubles it, up to the maximum. */
  loginLockoutSeconds: number;
  loginLockoutMaxSeconds: number;
  /** Failures are forgotten this long after the last one. */
  loginFailuresForgetSeconds: number;
}

const positive = (value: string | undefined, fallback: number) => {
  const number = Number(value);
  return value && Number.isFinite(number) && number > 0 ? number : fallback;
};

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
    limits: {
      articlesPerMinute: positive(env.LIMIT_ARTICLES_PER_MINUTE, 60),
      commentsPerMinute: positive(env.LIMIT_COMMENTS_PER_MINUTE, 60),
      followsPerMinute: positive(env.LIMIT_FOLLOWS_PER_MINUTE, 120),
      favoritesPerMinute: positive(env.LIMIT_FAVORITES_PER_MINUTE, 120),
      registrationsPerMinute: positive(env.LIMIT_REGISTRATIONS_PER_MINUTE, 100),
      loginFailuresPerAccount: positive(env.LOGIN_FAILURES_PER_ACCOUNT, 5),
      loginFailuresPerAddress: positive(env.LOGIN_FAILURES_PER_ADDRESS, 50),
      loginLockoutSeconds: positive(env.LOGIN_LOCKOUT_SECONDS, 60),
      loginLockoutMaxSeconds: positive(env.LOGIN_LOCKOUT_MAX_SECONDS, 15 * 60),
      loginFailuresForgetSeconds: positive(env.LOGIN_FAILURES_FORGET_SECONDS, 60 * 60),
    },
  };
}

let current: Config | undefined;

/** The configuration, read from the environment the first time it is asked for. */
export const config = (): Config => (current ??= fromEnvironment());
