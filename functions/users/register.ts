import { signToken } from '#lib/auth/jwt';
import { hashPassword } from '#lib/auth/password';
import { createUser } from '#lib/db/users';
import { Conflict } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UserResponse } from '#lib/schemas/responses';
import { RegisterBody } from '#lib/schemas/users';

// POST /api/users
export const handler = route(
  { auth: 'none', body: RegisterBody, response: UserResponse, errors: [Conflict], status: 201, noStore: true, limit: 'registrations' },
  async ({ body }) => {
    const { username, email, password } = body.user;
    const user = await createUser({ username, email, passwordHash: await hashPassword(password) });
    return toUserResponse(user, await signToken({ userId: user.userId, generation: user.sessionGeneration }));
  },
);
