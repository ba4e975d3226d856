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
