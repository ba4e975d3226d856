import type middy from '@middy/core';
import { config } from '#lib/config';
import { Invalid, TooLarge } from '#lib/errors';
import type { RouteEvent } from '#lib/http/route';

/** Parses the JSON body once, after checking its size; an empty body parses as `{}`. */
export function jsonBody(limit?: number): middy.MiddlewareObj<RouteEvent> {
  return {
    before: async ({ event }) => {
      const maxBytes = limit ?? config().maxBodyBytes;
      if (event.body === undefined || event.body === null || event.body === '') {
        event.parsedBody = {};
        return;
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > maxBytes) throw new TooLarge(maxBytes);
      try {
        event.parsedBody = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new Invalid({ body: ['is not valid JSON'] });
      }
    },
  };
}
