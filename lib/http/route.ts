import middy from '@middy/core';
import cors from '@middy/http-cors';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { authenticate } from '#lib/http/middleware/auth';
import { errorResponse } from '#lib/http/middleware/error-response';
import { jsonBody } from '#lib/http/middleware/json-body';
import { type LimitName, loginLockout, rateLimit } from '#lib/http/middleware/limits';
import { CORRELATION_HEADER, requestLog } from '#lib/http/middleware/request-log';
import { securityHeaders } from '#lib/http/middleware/security-headers';
import { validate } from '#lib/http/middleware/validate';
import { type AuthMode, type RouteContext, routeState, type Viewer } from '#lib/http/route-state';

type Schema = z.core.$ZodType;
type Infer<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteSpec<A extends AuthMode, B, P, Q> {
  auth: A;
  body?: B;
  params?: P;
  query?: Q;
  /** 200 by default; 204 sends no body whatever the function returns. */
  status?: 200 | 201 | 204;
  /** The response carries a secret (a token): no cache, shared or private, may keep it. */
  noStore?: boolean;
  /** Counts each valid request against this limit, per viewer (per address for registrations); 429 past it. */
  limit?: LimitName;
  /** The account a login names: failed attempts lock it, and the address they come from, out for a while. */
  lockout?: (input: RouteInput<A, B, P, Q>) => string;
}

export interface RouteInput<A extends AuthMode, B, P, Q> {
  body: Infer<B>;
  params: Infer<P>;
  query: Infer<Q>;
  viewer: A extends 'required' ? Viewer : Viewer | undefined;
}

/**
 * One HTTP route: the middleware chain every handler shares, then the business function.
 * The function receives validated input and returns the response body.
 */
export function route<
  A extends AuthMode,
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
>(spec: RouteSpec<A, B, P, Q>, fn: (input: RouteInput<A, B, P, Q>) => Promise<unknown>) {
  const status = spec.status ?? 200;
  const inputOf = (context: RouteContext) => {
    const { input = { body: undefined, params: undefined, query: undefined }, viewer } = routeState(context);
    // validate() parsed the input with the route's schemas, and authenticate() refused a required route without a viewer.
    return { ...input, viewer } as RouteInput<A, B, P, Q>;
  };
  const { lockout } = spec;
  const business = async (_event: APIGatewayProxyEventV2, context: RouteContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await fn(inputOf(context));
    if (status === 204) return { statusCode: 204 };
    return {
      statusCode: status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...(spec.noStore && { 'cache-control': 'no-store' }) },
      body: JSON.stringify(result),
    };
  };

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, RouteContext>()
    // A fresh state per request, whatever the runtime does with context objects.
    .before(({ context }) => {
      context.route = {};
    })
    .use(requestLog())
    .use(securityHeaders())
    // Exposed, so a browser app can read the id that finds its request in the logs.
    .use(cors({ origins: ['*'], headers: 'Authorization,Content-Type', methods: 'GET,POST,PUT,DELETE,OPTIONS', exposeHeaders: CORRELATION_HEADER }))
    .use(errorResponse())
    .use(authenticate(spec.auth))
    .use(jsonBody())
    .use(validate({ body: spec.body, params: spec.params, query: spec.query }))
    .use(rateLimit(spec.limit))
    .use(loginLockout(lockout && ((context) => lockout(inputOf(context)))))
    .handler(business);
  // The declaration rides along, so tests can read a route's schemas (tests/functions/fuzz.test.ts).
  return Object.assign(handler, { spec });
}
