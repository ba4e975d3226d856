import { setSuspension } from '#lib/db/moderation';
import { Conflict, NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { ReasonBody } from '#lib/schemas/moderation';
import { UsernameParams } from '#lib/schemas/users';

// POST /api/moderation/users/{username}/reinstate
export const handler = route(
  { role: 'moderator', params: UsernameParams, body: ReasonBody, errors: [NotFound, Conflict], extension: true, status: 204 },
  async ({ params, body, actor }) => {
    await setSuspension(actor, params.username, false, body.reason);
  },
);
