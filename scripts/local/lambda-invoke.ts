import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readServerlessYml } from './serverless-yml.ts';
import { STAGE } from './settings.ts';
import type { Invoke } from './sqs.ts';

/**
 * Invokes a function through serverless offline's Lambda API, as the deployed event source mapping would,
 * so consumers run in the same workers, with the same environment, as the HTTP handlers.
 */
export function invokeThroughOffline(lambdaPort: number): Invoke {
  const service = String(readServerlessYml().service);
  const lambda = new LambdaClient({
    endpoint: `http://127.0.0.1:${lambdaPort}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return async (functionKey: string, event: SQSEvent) => {
    const result = await lambda.send(new InvokeCommand({ FunctionName: `${service}-${STAGE}-${functionKey}`, Payload: JSON.stringify(event) }));
    const payload = result.Payload ? new TextDecoder().decode(result.Payload) : '';
    if (result.FunctionError) throw new Error(`${functionKey}: ${result.FunctionError} ${payload.slice(0, 500)}`);
    return payload ? ((JSON.parse(payload) as SQSBatchResponse | null) ?? undefined) : undefined;
  };
}
