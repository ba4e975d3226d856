import { signToken } from '#lib/auth/jwt';
import { decoyPasswordHash, verifyPassword } from '#lib/auth/password';
import { userById, userIdByEmail } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { route } from '#lib/http/route';
import { toUserResponse } from '#lib/mappers/user';
import { UserResponse } from '#lib/schemas/responses';
import { LoginBody } from '#lib/schemas/users';

// POST /api/users/login
export const handler = route(
  { auth: 'none', body: LoginBody, response: UserResponse, errors: [Unauthenticated], noStore: true, lockout: ({ body }) => body.user.email },
  async ({ body }) => {
    const { email, password } = body.user;
    const userId = await userIdByEmail(email);
    const user = userId ? await userById(userId) : undefined;
    // An unknown email costs the same hash as a wrong password, so response time doesn't reveal accounts.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !matches) throw new Unauthenticated('invalid', 'credentials');
    return toUserResponse(user, await signToken({ userId: user.userId, generation: user.sessionGeneration }));
  },
);
