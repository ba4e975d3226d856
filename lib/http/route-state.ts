import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

// What a route's middleware learn about a request and hand on to the next ones and to the business function.
// Kept on middy's context (as middy's own middlewares do with `setToContext`), never written onto the API
// Gateway event. Both lib/http/route.ts and the middleware import this module; neither imports the other.

export type AuthMode = 'required' | 'optional' | 'none';

export interface Viewer {
  userId: string;
}

export interface RouteState {
  viewer?: Viewer;
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
