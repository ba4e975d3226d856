import { profileOf } from '#lib/db/profiles';
import { userIdByUsername } from '#lib/db/users';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toProfile } from '#lib/mappers/profile';
import { ProfileResponse } from '#lib/schemas/responses';
import { UsernameParams } from '#lib/schemas/users';

// GET /api/profiles/{username}
export const handler = route({ auth: 'optional', params: UsernameParams, response: ProfileResponse, errors: [NotFound] }, async ({ params, viewer }) => {
  const userId = await userIdByUsername(params.username);
  const profile = userId && (await profileOf(viewer?.userId, userId));
  if (!profile) throw new NotFound('profile');
  return { profile: toProfile(profile.user, profile.following) };
});
