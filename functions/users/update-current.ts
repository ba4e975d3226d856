import { signToken } from '#lib/auth/jwt';
import { hashPassword } from '#lib/auth/password';
import { retryingConcurrentChanges } from '#lib/db/concurrency';
import { type UserChanges, updateUser, userById } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UpdateUserBody } from '#lib/schemas/users';

// PUT /api/user
export const handler = route({ auth: 'required', body: UpdateUserBody, noStore: true }, async ({ body, viewer }) => {
  const { password, ...profile } = body.user;
  const changes: UserChanges = { ...profile, ...(password !== undefined && { passwordHash: await hashPassword(password) }) };
  const user = await retryingConcurrentChanges(async () => {
    const current = await userById(viewer.userId);
    if (!current) throw new Unauthenticated('is invalid');
    return updateUser(current, changes);
  });
  return toUserResponse(user, await signToken(user.userId));
});
