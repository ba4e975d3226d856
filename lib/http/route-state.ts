import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Session } from '#lib/auth/jwt';
import type { Actor } from '#lib/db/roles';
import type { User } from '#lib/db/users';

// What a route's middleware learn about a request and hand on to the next ones and to the business function.
// Kept on middy's context (as middy's own middlewares do with `setToContext`), never written onto the API
// Gateway event. Both lib/http/route.ts and the middleware import this module; neither imports the other.

export type AuthMode = 'required' | 'optional' | 'none';

export interface Viewer extends Session {
  /** The token as presented: GET and PUT /user answer with it, so no answer outlives the token it was asked with. */
  token: string;
  /**
   * The viewer's user item, read beside the route's first round; rejects with Unauthenticated when the user is
   * gone or the session has ended. authenticate() awaits it before any answer leaves.
   */
  user: Promise<User>;
}

export interface RouteState {
  viewer?: Viewer;
  /** The viewer acting under the role the route requires (lib/http/middleware/authorize.ts). */
  actor?: Actor;
  /** The JSON body, parsed. */
  body?: unknown;
  /** Body, path parameters and query string, validated against the route's schemas. */
  input?: { body: unknown; params: unknown; query: unknown };
}

export type RouteContext = Context & { route?: RouteState };

export type RouteMiddleware = middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, RouteContext>;
export type RouteRequest = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, RouteContext>;

/** This request's state, created by the first middleware that asks for it. */
export const routeState = (context: RouteContext): RouteState => (context.route ??= {});
