import { follow } from '#lib/db/follows';
import { userById, userIdByUsername } from '#lib/db/users';
import { backfillFeedStep, runToEnd } from '#lib/jobs/feed-jobs';
import { Invalid, NotFound } from '#lib/http/errors';
import { route } from '#lib/http/route';
import { toProfile } from '#lib/mappers/profile';
import { UsernameParams } from '#lib/schemas/users';

// POST /api/profiles/{username}/follow
export const handler = route({ auth: 'required', params: UsernameParams }, async ({ params, viewer }) => {
  const authorId = await userIdByUsername(params.username);
  if (!authorId) throw NotFound('profile');
  if (authorId === viewer.userId) throw Invalid({ profile: ["can't follow yourself"] });
  const [author, isNew] = await Promise.all([userById(authorId), follow(viewer.userId, authorId)]);
  if (!author) throw NotFound('profile');
  if (isNew) await runToEnd((from) => backfillFeedStep(viewer.userId, authorId, from));
  return { profile: toProfile(author, true) };
});
