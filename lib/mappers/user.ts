import type { User } from '#lib/db/users';

export const toUserResponse = (user: User, token: string) => ({
  user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image },
});
