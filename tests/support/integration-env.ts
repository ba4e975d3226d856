import { inject } from 'vitest';

// lib/config.ts reads the environment once, when first imported: this file runs before any test file does.
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.JWT_SECRET ??= 'integration-test-jwt-secret-at-least-32-characters';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'warn';
