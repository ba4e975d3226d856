import type middy from '@middy/core';
import { verifyToken } from '#lib/auth/jwt';
import { Unauthenticated } from '#lib/errors';
import type { RouteEvent } from '#lib/http/route';

export type AuthMode = 'required' | 'optional' | 'none';
export interface Viewer {
  userId: string;
}

const scheme = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Token <jwt>` (or `Bearer`). With `optional`, a missing header means an anonymous
 * viewer, but a header that is present and wrong is still a 401: a client should learn its token expired.
 */
export function authenticate(mode: AuthMode): middy.MiddlewareObj<RouteEvent> {
  return {
    before: async ({ event }) => {
      if (mode === 'none') return;
      const header = event.headers?.authorization ?? event.headers?.Authorization;
      if (!header) {
        if (mode === 'required') throw new Unauthenticated('is missing');
        return;
      }
      const token = scheme.exec(header)?.[1];
      if (!token) throw new Unauthenticated('is invalid');
      const userId = await verifyToken(token);
      if (!userId) throw new Unauthenticated('is invalid');
      event.viewer = { userId };
    },
  };
}
