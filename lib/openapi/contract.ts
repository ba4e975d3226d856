import type * as z from 'zod/mini';
import type { RequiredRole } from '#lib/db/roles';
import { Forbidden, Invalid, Suspended, TooLarge, TooManyRequests, Unauthenticated } from '#lib/errors';
import { statusOf } from '#lib/http/errors';
import type { ErrorClass, RouteSpec } from '#lib/http/route';

type Schema = z.core.$ZodType;

/** A route's declaration, as route() keeps it on the handler (`handler.spec`); only whether it has a lockout matters here. */
export type DeclaredSpec = Omit<
  RouteSpec<'required' | 'optional' | 'none', Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined, RequiredRole | undefined>,
  'lockout'
> & {
  lockout?: unknown;
};

/** What a route may answer: its success, with the declared body, and every error status. */
export interface RouteContract {
  status: 200 | 201 | 204;
  response?: Schema;
  produces?: string[];
  /** Ascending. */
  errorStatuses: number[];
}

/**
 * The errors a route's middleware may throw follow from its declaration: any request may carry a body that is too
 * large or not JSON (the chain parses a body whatever the method), and invalid input; a token is checked whenever
 * auth is not `none`; a route with a role refuses a caller without it (403); a limit or lockout refuses with 429. The function's own errors are the ones it declares.
 */
export function routeContract(spec: DeclaredSpec): RouteContract {
  const thrown: ErrorClass[] = [Invalid, TooLarge, ...(spec.errors ?? [])];
  if (spec.auth !== 'none') thrown.push(Unauthenticated);
  // A role is checked against the caller's user item: a caller without it, or suspended, is refused.
  if (spec.role) thrown.push(Forbidden, Suspended);
  if (spec.limit || spec.lockout) thrown.push(TooManyRequests);
  const errorStatuses = [...new Set(thrown.map((type) => statusOf(type)))].filter((status) => status !== undefined).sort((a, b) => a - b);
  return { status: spec.status ?? 200, response: spec.response, produces: spec.produces, errorStatuses };
}
