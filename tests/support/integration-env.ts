import { inject } from 'vitest';

// lib/config.ts reads the environment once, when first imported: this file runs before any test file does.
// Assigned, not defaulted: a test file that points lib at a table or queues of its own (tests/support/queues.ts)
// must not leave them to the next file run in the same worker.
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.SQS_ENDPOINT = inject('sqsEndpoint');
process.env.QUEUE_NAME_PREFIX = inject('queueNamePrefix');
process.env.JWT_SECRET ??= 'integration-test-jwt-secret-at-least-32-characters';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'warn';
// The abuse limits would refuse the run itself: every handler test's event comes from 127.0.0.1, a run registers
// hundreds of users a minute from it, and some tests write hundreds of articles or comments as one user. The
// tests of the limits (tests/functions/limits.test.ts, users/login-lockout.test.ts, users/register-limit.test.ts)
// set their own, for their file only, and the e2e tests and official suites run with the defaults.
for (const name of [
  'LIMIT_ARTICLES_PER_MINUTE',
  'LIMIT_COMMENTS_PER_MINUTE',
  'LIMIT_FOLLOWS_PER_MINUTE',
  'LIMIT_FAVORITES_PER_MINUTE',
  'LIMIT_REGISTRATIONS_PER_MINUTE',
  'LOGIN_FAILURES_PER_ADDRESS',
]) {
  process.env[name] = '1000000';
}

// Every request and consumed message writes an embedded-metric-format line (lib/powertools.ts): input for
// CloudWatch, noise in a test run. Dropped here; tests that check metrics capture them (tests/support/output.ts).
const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
  typeof chunk === 'string' && chunk.startsWith('{"_aws"') ? true : write(chunk, ...rest)) as typeof process.stdout.write;
