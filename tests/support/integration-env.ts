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
// Every handler test's event comes from 127.0.0.1, and a run registers hundreds of users a minute from it: the
// per-address limits would refuse the run itself. The tests of those limits set their own, from addresses of their own.
process.env.LIMIT_REGISTRATIONS_PER_MINUTE = '100000';
process.env.LOGIN_FAILURES_PER_ADDRESS = '100000';
// Tests of the other limits lower them for their own file only.
for (const name of ['LIMIT_ARTICLES_PER_MINUTE', 'LIMIT_COMMENTS_PER_MINUTE', 'LIMIT_FOLLOWS_PER_MINUTE', 'LIMIT_FAVORITES_PER_MINUTE']) delete process.env[name];
