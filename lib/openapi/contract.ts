import type * as z from 'zod/mini';
import { Invalid, TooLarge, TooManyRequests, Unauthenticated } from '#lib/errors';
import { statusOf } from '#lib/http/errors';
import type { ErrorClass, RouteSpec } from '#lib/http/route';

type Schema = z.core.$ZodType;

/** A route's declaration, as route() keeps it on the handler (`handler.spec`); only whether it has a lockout matters here. */
export type DeclaredSpec = Omit<
  RouteSpec<'required' | 'optional' | 'none', Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined>,
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
 * auth is not `none`; a limit or lockout refuses with 429. The function's own errors are the ones it declares.
 */
export function routeContract(spec: DeclaredSpec): RouteContract {
  const thrown: ErrorClass[] = [Invalid, TooLarge, ...(spec.errors ?? [])];
  if (spec.auth !== 'none') thrown.push(Unauthenticated);
  if (spec.limit || spec.lockout) thrown.push(TooManyRequests);
  const errorStatuses = [...new Set(thrown.map((type) => statusOf(type)))].filter((status) => status !== undefined).sort((a, b) => a - b);
  return { status: spec.status ?? 200, response: spec.response, produces: spec.produces, errorStatuses };
}
