import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../../support/output.ts';

// What captureAWSv3Client adds to a client's middleware stack (aws-xray-sdk-core's patcher).
const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';

const instrumentsWith = async (env: Record<string, string>) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import('#lib/powertools');
};
const middlewareOf = (client: DynamoDBClient) => client.middlewareStack.identify().join(' ');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.doUnmock('@aws-lambda-powertools/tracer');
});

describe('tracing (lib/powertools.ts)', () => {
  it('where tracing is off (stage local), never loads the tracer and leaves SDK clients as they are', async () => {
    vi.doMock('@aws-lambda-powertools/tracer', () => {
      throw new Error('the tracer was loaded');
    });
    const { startInvocation, traced } = await instrumentsWith({ POWERTOOLS_TRACE_ENABLED: 'false', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
    await startInvocation();
    const client = new DynamoDBClient({ region: 'us-east-1' });
    expect(traced(client)).toBe(client);
    expect(middlewareOf(client)).not.toContain(XRAY_MIDDLEWARE);
  });

  it('where tracing is on (deployed stages), loads the tracer at the start of an invocation and traces every call of an SDK client', async () => {
    const { startInvocation, traced } = await instrumentsWith({ POWERTOOLS_TRACE_ENABLED: 'true', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
    await startInvocation();
    const client = traced(new DynamoDBClient({ region: 'us-east-1' }));
    expect(middlewareOf(client)).toContain(XRAY_MIDDLEWARE);
  });
});

describe('the logger (lib/powertools.ts)', () => {
  it('takes its level from LOG_LEVEL as serverless.yml writes it, in lower case', async () => {
    const { logger } = await instrumentsWith({ LOG_LEVEL: 'warn' });
    const output = captureOutput();
    try {
      logger.info('not at warn');
      logger.warn('at warn');
    } finally {
      output.restore();
    }
    expect(output.lines.map((line) => JSON.parse(line).message)).toEqual(['at warn']);
  });
});
