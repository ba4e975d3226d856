import type * as z from 'zod/mini';
import type { User } from '#lib/db/users';
import type { Profile as ProfileSchema } from '#lib/schemas/responses';

export type Profile = z.output<typeof ProfileSchema>;

export const toProfile = (user: User, following: boolean): Profile => ({
  username: user.username,
  bio: user.bio,
  image: user.image,
  following,
});
