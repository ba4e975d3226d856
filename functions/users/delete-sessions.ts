import { endAllSessions } from '#lib/db/sessions';
import { Suspended } from '#lib/errors';
import { route } from '#lib/http/route';

// DELETE /api/user/sessions (an extension to the spec: sign out everywhere)
// Every token of the user stops working, this one too.
export const handler = route({ auth: 'required', errors: [Suspended], extension: true, status: 204 }, async ({ viewer }) => {
  // The session check's read must not race this write, which ends the session it checks: a read landing after the
  // write would answer 401 to a sign-out that worked. So it goes first, a round of its own on this one route.
  await viewer.user;
  await endAllSessions(viewer);
});
