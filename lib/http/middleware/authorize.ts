import type { RequiredRole } from '#lib/db/roles';
import { Unauthenticated } from '#lib/errors';
import { type RouteMiddleware, routeState } from '#lib/http/route-state';

/**
 * A route that requires a role: the viewer acts as an Actor claiming it. The claim is checked against the
 * user item where the route touches the table, in the same round trip (a ConditionCheck in the action's
 * transaction, or a GetItem beside a read: lib/db/roles.ts), so it costs no round of its own and a role
 * revoked a moment ago acts on nothing. Here the chain refuses a route whose function answered without
 * that check: a 500, never an unchecked answer.
 */
export function authorize(role: RequiredRole | undefined): RouteMiddleware {
  return {
    before: async ({ context }) => {
      if (!role) return;
      const state = routeState(context);
      if (!state.viewer) throw new Unauthenticated('is missing');
      const { userId, sessionId, generation } = state.viewer;
      state.actor = { userId, sessionId, generation, role, confirmed: false };
    },
    after: async ({ event, context }) => {
      if (!role || routeState(context).actor?.confirmed) return;
      // A defect, not a refusal: errorResponse logs it and answers 500, and the function's answer is dropped.
      throw new Error(`${event.routeKey} requires ${role} but never checked it`);
    },
  };
}
