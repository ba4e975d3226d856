import { signToken } from '#lib/auth/jwt';
import { userById } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UserResponse } from '#lib/schemas/responses';

// GET /api/user
export const handler = route({ auth: 'required', response: UserResponse, noStore: true }, async ({ viewer }) => {
  const user = await userById(viewer.userId);
  if (!user) throw new Unauthenticated('is invalid');
  return toUserResponse(user, await signToken(user.userId));
});
