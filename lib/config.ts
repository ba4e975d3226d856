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
  /**
   * A queue's URL is this, a slash and the queue's name: the account's SQS address on AWS (serverless.yml), the
   * emulator's locally. Unset (no SQS_ENDPOINT either): each URL is asked of SQS once per container.
   */
  queueUrlBase?: string;
  maxBodyBytes: number;
  /** Each DynamoDB attempt is aborted after this long (the SDK retries it up to its own attempt limit). */
  dynamodbTimeoutMs: number;
  /** Each SQS attempt is aborted after this long. */
  sqsTimeoutMs: number;
  /** A request sends its committed messages within this deadline, or leaves them to the outbox sweeper. */
  sendDeadlineMs: number;
  /** Outbox deliveries sent this many times without being settled are parked for `npm run redrive`. */
  maxDeliveryAttempts: number;
  /** A consumer stops taking records when less than this many ms of its invocation are left. */
  consumerReserveMs: number;
  /** `local` for npm start, tests and invoke local; the deployed stage otherwise. */
  stage: string;
  /** The most comments one GET /api/articles/{slug}/comments answers. */
  commentsPageSize: number;
  /** Abuse limits (README.md, "Limits and security"). */
  limits: Limits;
  /** Webhooks (README.md, "Webhooks"). */
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** Endpoints one user may register. */
  perUser: number;
  /** Sends of one delivery before it fails for good (and, if the endpoint saw no success meanwhile, disables it). */
  maxAttempts: number;
  /** The first retry's wait; each further one doubles it, with jitter. */
  retryBaseSeconds: number;
  /** A receiver must accept the connection within this, and answer within the total. */
  connectTimeoutMs: number;
  timeoutMs: number;
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

/** fauxqs, the local SQS emulator, names a queue `http://sqs.<region>.<its host:port>/000000000000/<name>`. */
export const emulatorQueueUrlBase = (endpoint: string, region: string) => {
  const { protocol, host } = new URL(endpoint);
  return `${protocol}//sqs.${region}.${host}/000000000000`;
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
    queueUrlBase: env.QUEUE_URL_BASE || (env.SQS_ENDPOINT ? emulatorQueueUrlBase(env.SQS_ENDPOINT, env.AWS_REGION ?? 'us-east-1') : undefined),
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 100 * 1024),
    dynamodbTimeoutMs: Number(env.DYNAMODB_TIMEOUT_MS ?? 2_000),
    sqsTimeoutMs: Number(env.SQS_TIMEOUT_MS ?? 1_500),
    sendDeadlineMs: Number(env.SEND_DEADLINE_MS ?? 2_000),
    maxDeliveryAttempts: Number(env.MAX_DELIVERY_ATTEMPTS ?? 8),
    consumerReserveMs: Number(env.CONSUMER_RESERVE_MS ?? 10_000),
    stage: env.STAGE || 'local',
    commentsPageSize: Number(env.COMMENTS_PAGE_SIZE ?? 100),
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
    webhooks: {
      perUser: positive(env.WEBHOOKS_PER_USER, 10),
      maxAttempts: positive(env.WEBHOOK_MAX_ATTEMPTS, 10),
      // Zero is allowed: tests retry at once.
      retryBaseSeconds: Number(env.WEBHOOK_RETRY_BASE_SECONDS || 120),
      connectTimeoutMs: positive(env.WEBHOOK_CONNECT_TIMEOUT_MS, 3_000),
      timeoutMs: positive(env.WEBHOOK_TIMEOUT_MS, 10_000),
    },
  };
}

let current: Config | undefined;

/** The configuration, read from the environment the first time it is asked for. */
export const config = (): Config => (current ??= fromEnvironment());
