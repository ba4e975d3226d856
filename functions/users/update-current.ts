import { hashPassword } from '#lib/auth/password';
import { retryingConcurrentChanges } from '#lib/db/concurrency';
import { type UserChanges, updateUser, userById } from '#lib/db/users';
import { Conflict, Suspended, Unauthenticated } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UserResponse } from '#lib/schemas/responses';
import { UpdateUserBody } from '#lib/schemas/users';

// PUT /api/user
// A new password ends every other session and keeps this one, so the answer carries the token presented.
export const handler = route(
  { auth: 'required', body: UpdateUserBody, response: UserResponse, errors: [Conflict, Suspended], noStore: true },
  async ({ body, viewer }) => {
    const { password, ...profile } = body.user;
    const changes: UserChanges = { ...profile, ...(password !== undefined && { passwordHash: await hashPassword(password) }) };
    const user = await retryingConcurrentChanges(async (attempt) => {
      // The first attempt uses the read authentication started; one that lost a race reads the user again.
      const current = attempt === 1 ? await viewer.user : await userById(viewer.userId);
      if (!current) throw new Unauthenticated('is invalid');
      return updateUser(viewer, current, changes);
    });
    return toUserResponse(user, viewer.token);
  },
);
