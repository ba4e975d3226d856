import { signToken } from '#lib/auth/jwt';
import { hashPassword } from '#lib/auth/password';
import { ConcurrentUpdate, updateUser, userById, type UserChanges } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UpdateUserBody } from '#lib/schemas/users';

// PUT /api/user
export const handler = route({ auth: 'required', body: UpdateUserBody }, async ({ body, viewer }) => {
  const { password, ...profile } = body.user;
  const changes: UserChanges = { ...profile, ...(password !== undefined && { passwordHash: await hashPassword(password) }) };
  for (let attempt = 1; ; attempt++) {
    const current = await userById(viewer.userId);
    if (!current) throw new Unauthenticated('is invalid');
    try {
      const user = await updateUser(current, changes);
      return toUserResponse(user, await signToken(user.userId));
    } catch (error) {
      if (!(error instanceof ConcurrentUpdate) || attempt === 3) throw error;
    }
  }
});
