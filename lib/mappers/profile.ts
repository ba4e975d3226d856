import type { User } from '#lib/db/users';

export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export const toProfile = (user: User, following: boolean): Profile => ({
  username: user.username,
  bio: user.bio,
  image: user.image,
  following,
});
