import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UserResponse } from '#lib/schemas/responses';

// GET /api/user
// The answer carries the token presented, never a fresh one: a stolen token must not renew itself.
export const handler = route({ auth: 'required', response: UserResponse, noStore: true }, async ({ viewer }) =>
  toUserResponse(await viewer.user, viewer.token),
);
