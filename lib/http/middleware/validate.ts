import * as z from 'zod/mini';
import { Invalid } from '#lib/errors';
import { type RouteMiddleware, routeState } from '#lib/http/route-state';
import { fieldErrors } from '#lib/validation';

/** Any zod schema, zod/mini's or classic's. */
type Schema = z.core.$ZodType;

interface Schemas {
  body?: Schema;
  params?: Schema;
  query?: Schema;
}

function parse(schema: Schema | undefined, value: unknown, fallbackField: string) {
  if (!schema) return undefined;
  const result = z.safeParse(schema, value);
  if (!result.success) throw new Invalid(fieldErrors(result.error, fallbackField));
  return result.data;
}

/** Validates body, path parameters and query string against the route's zod schemas. */
export function validate(schemas: Schemas): RouteMiddleware {
  return {
    before: async ({ event, context }) => {
      const state = routeState(context);
      const params = Object.fromEntries(
        Object.entries(event.pathParameters ?? {}).map(([key, value]) => [key, value === undefined ? value : safeDecode(value)]),
      );
      state.input = {
        params: parse(schemas.params, params, 'params'),
        query: parse(schemas.query, event.queryStringParameters ?? {}, 'query'),
        body: parse(schemas.body, state.body ?? {}, 'body'),
      };
    },
  };
}

// API Gateway passes path parameters still percent-encoded when they hold non-ASCII characters.
function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
