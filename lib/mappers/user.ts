import type * as z from 'zod/mini';
import type { User } from '#lib/db/users';
import type { UserResponse } from '#lib/schemas/responses';

export const toUserResponse = (user: User, token: string): z.output<typeof UserResponse> => ({
  user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image },
});
