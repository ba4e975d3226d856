import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { assertAnswerMatchesContract, declarationOf } from './route-contract.ts';

export interface HttpEventInput {
  method?: string;
  /** The concrete path, e.g. `/api/profiles/jake`; filled in from routeKey and pathParameters when absent. */
  path?: string;
  /** The route template, e.g. `GET /api/profiles/{username}`; `${method} ${path}` when absent. */
  routeKey?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** Sent as `Authorization: Token <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

/** An API Gateway HTTP API (payload v2) event, as serverless offline and AWS deliver it. */
export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2 {
  const method = (input.method ?? input.routeKey?.split(' ')[0] ?? 'GET').toUpperCase();
  const template = input.routeKey?.split(' ')[1];
  const path = input.path ?? template?.replace(/\{(\w+)\+?\}/g, (_, name: string) => encodeURIComponent(input.pathParameters?.[name] ?? `{${name}}`)) ?? '/';
  const routeKey = input.routeKey ?? `${method} ${path}`;
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers: {
      host: 'localhost',
      'user-agent': 'vitest',
      ...(input.body !== undefined && { 'content-type': 'application/json' }),
      ...(input.token && { authorization: `Token ${input.token}` }),
      ...input.headers,
    },
    ...(input.query && { queryStringParameters: input.query }),
    ...(input.pathParameters && { pathParameters: input.pathParameters }),
    body: input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
}

export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HandlerResponse<T = any> {
  status: number;
  headers: Record<string, unknown>;
  /** The parsed JSON body (the text of any other type; base64 if binary); undefined when there is none. */
  body: T;
}

/**
 * Invokes a handler with httpEvent(input) and parses its JSON response. The answer of a route that declares its
 * response (every route of the API) is checked against that declaration first: a status or body it does not
 * declare fails the test, whatever the test itself asserts.
 */
export async function invoke<T = any>(handler: HttpHandler, input: HttpEventInput): Promise<HandlerResponse<T>> {
  const event = httpEvent(input);
  const result = await handler(event, lambdaContext());
  const spec = declarationOf(handler);
  if (spec && (spec.response || spec.produces || spec.status === 204)) assertAnswerMatchesContract(spec, result, event.routeKey);
  return {
    status: result.statusCode ?? 200,
    headers: result.headers ?? {},
    body: result.body ? (String(result.headers?.['content-type']).startsWith('application/json') ? JSON.parse(result.body) : result.body) : undefined,
  };
}
