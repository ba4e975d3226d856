import { verifyToken } from '#lib/auth/jwt';
import { liveUser } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { type AuthMode, type RouteMiddleware, routeState } from '#lib/http/route-state';

const scheme = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Token <jwt>` (or `Bearer`). With `optional`, a missing header means an anonymous
 * viewer, but a header that is present and wrong is still a 401: a client should learn its token expired.
 *
 * A signed-in request reads the viewer's user item at once, beside the route's first round, and nothing leaves
 * until that read says the session is live: an ended session gets 401 whatever the route answered, right or wrong.
 * (Writes do not rely on this read: each holds to the same rule in its own transaction, lib/db/sessions.ts.)
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
      const session = await verifyToken(token);
      if (!session) throw new Unauthenticated('is invalid');
      routeState(context).viewer = { ...session, token, user: liveUser(session) };
    },
    after: async ({ context }) => {
      await routeState(context).viewer?.user;
    },
    onError: async (request) => {
      const viewer = routeState(request.context).viewer;
      if (!viewer) return;
      try {
        await viewer.user;
      } catch (error) {
        // The route's own error stands unless the session is what failed.
        if (error instanceof Unauthenticated) request.error = error;
      }
    },
  };
}
