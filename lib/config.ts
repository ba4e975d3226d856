// Read once at cold start; every value comes from serverless.yml's environment block.
const env = process.env;

export const config = {
  tableName: env.TABLE_NAME ?? 'conduit-dev',
  // Set only for local runs and tests: points the SDK at DynamoDB Local.
  dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  region: env.AWS_REGION ?? 'us-east-1',
  jwtSecret: env.JWT_SECRET ?? '',
  jwtSecretParameter: env.JWT_SECRET_PARAMETER ?? '',
  jwtIssuer: env.JWT_ISSUER ?? 'conduit',
  jwtAudience: env.JWT_AUDIENCE ?? 'conduit-api',
  jwtTtlSeconds: Number(env.JWT_TTL_SECONDS ?? 60 * 60 * 24 * 7),
  // Set only for local runs and tests: points the SDK at the SQS emulator.
  sqsEndpoint: env.SQS_ENDPOINT || undefined,
  queueNamePrefix: env.QUEUE_NAME_PREFIX ?? 'conduit-dev',
  maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 100 * 1024),
  logLevel: env.LOG_LEVEL ?? 'info',
};
