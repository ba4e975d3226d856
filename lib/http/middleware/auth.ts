import { verifyToken } from '#lib/auth/jwt';
import { Unauthenticated } from '#lib/errors';
import { type AuthMode, type RouteMiddleware, routeState } from '#lib/http/route-state';

const scheme = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Token <jwt>` (or `Bearer`). With `optional`, a missing header means an anonymous
 * viewer, but a header that is present and wrong is still a 401: a client should learn its token expired.
 */
export function authenticate(mode: AuthMode): RouteMiddleware {
  return {
    before: async ({ event, context }) => {
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
      routeState(context).viewer = { userId };
    },
  };
}
