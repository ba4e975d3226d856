import middy from '@middy/core';
import cors from '@middy/http-cors';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Actor, RequiredRole } from '#lib/db/roles';
import type { DomainError } from '#lib/errors';
import { Content } from '#lib/http/content';
import { authenticate } from '#lib/http/middleware/auth';
import { authorize } from '#lib/http/middleware/authorize';
import { errorResponse } from '#lib/http/middleware/error-response';
import { jsonBody } from '#lib/http/middleware/json-body';
import { type LimitName, loginLockout, rateLimit } from '#lib/http/middleware/limits';
import { CORRELATION_HEADER, requestLog } from '#lib/http/middleware/request-log';
import { securityHeaders } from '#lib/http/middleware/security-headers';
import { validate } from '#lib/http/middleware/validate';
import { type AuthMode, type RouteContext, routeState, type Viewer } from '#lib/http/route-state';

type Schema = z.core.$ZodType;
type Infer<S> = S extends Schema ? z.output<S> : undefined;
/** What the function returns: the declared response's shape, or a Content for a route that answers something else. */
type Answer<R> = R extends Schema ? z.input<R> : unknown;

/** One of lib/errors.ts's classes; lib/http/errors.ts gives it its status. */
export type ErrorClass = abstract new (...args: never[]) => DomainError;

/** Who may call a route: `auth` alone, or a `role`, which implies `auth: 'required'`. */
type Access<A extends AuthMode, Role extends RequiredRole | undefined> = { auth: A; role?: undefined } | { auth?: 'required'; role: Role };

export type RouteSpec<A extends AuthMode, B, P, Q, R = undefined, Role extends RequiredRole | undefined = undefined> = Access<A, Role> &
  RouteOptions<A, B, P, Q, R, Role>;

interface RouteOptions<A extends AuthMode, B, P, Q, R, Role extends RequiredRole | undefined> {
  body?: B;
  params?: P;
  query?: Q;
  /** The JSON body of a successful answer: documented (lib/openapi), and every answer in the tests is checked against it. */
  response?: R;
  /**
   * The errors the function (or the data it calls) may throw. Those of the middleware follow from the rest of the
   * declaration (lib/openapi/contract.ts): Invalid and TooLarge everywhere, Unauthenticated with auth,
   * TooManyRequests with a limit or lockout.
   */
  errors?: ErrorClass[];
  /** Media types of a route that answers a Content instead of JSON (the docs page and its assets). */
  produces?: string[];
  /** Beyond the RealWorld spec: marked `x-extension` in the OpenAPI document. */
  extension?: boolean;
  /** Replaces the API's `default-src 'none'` policy for a route that serves a page. */
  contentSecurityPolicy?: string;
  /** 200 by default; 204 sends no body whatever the function returns. */
  status?: 200 | 201 | 204;
  /** The response carries a secret (a token): no cache, shared or private, may keep it. */
  noStore?: boolean;
  /** Counts each valid request against this limit, per viewer (per address for registrations); 429 past it. */
  limit?: LimitName;
  /** The account a login names: failed attempts lock it, and the address they come from, out for a while. */
  lockout?: (input: RouteInput<A, B, P, Q, Role>) => string;
}

export interface RouteInput<A extends AuthMode, B, P, Q, Role extends RequiredRole | undefined = undefined> {
  body: Infer<B>;
  params: Infer<P>;
  query: Infer<Q>;
  viewer: A extends 'required' ? Viewer : Viewer | undefined;
  /** With a `role`: the viewer acting under it, for the data functions that check it (lib/db/roles.ts). */
  actor: Role extends RequiredRole ? Actor : undefined;
}

/**
 * One HTTP route: the middleware chain every handler shares, then the business function.
 * The function receives validated input and returns the response body.
 */
export function route<
  A extends AuthMode = 'required',
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
  Role extends RequiredRole | undefined = undefined,
>(spec: RouteSpec<A, B, P, Q, R, Role>, fn: (input: RouteInput<A, B, P, Q, Role>) => Promise<Answer<R> | Content>) {
  const status = spec.status ?? 200;
  const auth: AuthMode = spec.role ? 'required' : (spec.auth ?? 'required');
  const inputOf = (context: RouteContext) => {
    const { input = { body: undefined, params: undefined, query: undefined }, viewer, actor } = routeState(context);
    // validate() parsed the input with the route's schemas, authenticate() refused a required route without a
    // viewer, and authorize() made the actor of a route with a role.
    return { ...input, viewer, actor } as RouteInput<A, B, P, Q, Role>;
  };
  const { lockout } = spec;
  const business = async (_event: APIGatewayProxyEventV2, context: RouteContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await fn(inputOf(context));
    if (status === 204) return { statusCode: 204 };
    if (result instanceof Content) {
      const { body } = result;
      const text = typeof body === 'string';
      return {
        statusCode: status,
        headers: { 'content-type': result.contentType, ...result.headers },
        body: text ? body : body.toString('base64'),
        isBase64Encoded: !text,
      };
    }
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
    .use(securityHeaders({ contentSecurityPolicy: spec.contentSecurityPolicy }))
    // Exposed, so a browser app can read the id that finds its request in the logs.
    .use(cors({ origins: ['*'], headers: 'Authorization,Content-Type', methods: 'GET,POST,PUT,DELETE,OPTIONS', exposeHeaders: CORRELATION_HEADER }))
    .use(errorResponse())
    .use(authenticate(auth))
    .use(authorize(spec.role))
    .use(jsonBody())
    .use(validate({ body: spec.body, params: spec.params, query: spec.query }))
    .use(rateLimit(spec.limit))
    .use(loginLockout(lockout && ((context) => lockout(inputOf(context)))))
    .handler(business);
  // The declaration rides along: the OpenAPI document is made from it (lib/openapi), the tests check answers against
  // it (tests/support/route-contract.ts) and fuzz its inputs (tests/functions/fuzz.test.ts).
  return Object.assign(handler, { spec });
}
