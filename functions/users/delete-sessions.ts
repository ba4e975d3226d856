import { endAllSessions } from '#lib/db/sessions';
import { route } from '#lib/http/route';

// DELETE /api/user/sessions (an extension to the spec: sign out everywhere)
// Every token of the user stops working, this one too.
export const handler = route({ auth: 'required', status: 204 }, async ({ viewer }) => {
  await endAllSessions(viewer);
});
