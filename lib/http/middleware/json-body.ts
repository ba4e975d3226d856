import { config } from '#lib/config';
import { Invalid, TooLarge } from '#lib/errors';
import { type RouteMiddleware, routeState } from '#lib/http/route-state';

/** Parses the JSON body once, after checking its size; an empty body parses as `{}`. */
export function jsonBody(limit?: number): RouteMiddleware {
  return {
    before: async ({ event, context }) => {
      const state = routeState(context);
      if (event.body === undefined || event.body === null || event.body === '') {
        state.body = {};
        return;
      }
      const maxBytes = limit ?? config().maxBodyBytes;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > maxBytes) throw new TooLarge(maxBytes);
      try {
        state.body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new Invalid({ body: ['is not valid JSON'] });
      }
    },
  };
}
