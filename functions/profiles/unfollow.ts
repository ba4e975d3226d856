import { unfollow } from '#lib/db/follows';
import { userById, userIdByUsername } from '#lib/db/users';
import { pruneFeedStep, runToEnd } from '#lib/jobs/feed-jobs';
import { NotFound } from '#lib/http/errors';
import { route } from '#lib/http/route';
import { toProfile } from '#lib/mappers/profile';
import { UsernameParams } from '#lib/schemas/users';

// DELETE /api/profiles/{username}/follow
export const handler = route({ auth: 'required', params: UsernameParams }, async ({ params, viewer }) => {
  const authorId = await userIdByUsername(params.username);
  if (!authorId) throw NotFound('profile');
  const [author, wasFollowing] = await Promise.all([userById(authorId), unfollow(viewer.userId, authorId)]);
  if (!author) throw NotFound('profile');
  if (wasFollowing) await runToEnd((from) => pruneFeedStep(viewer.userId, authorId, from));
  return { profile: toProfile(author, false) };
});
