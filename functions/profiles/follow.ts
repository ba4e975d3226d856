import { follow } from '#lib/db/follows';
import { userById, userIdByUsername } from '#lib/db/users';
import { Invalid, NotFound, Suspended } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toProfile } from '#lib/mappers/profile';
import { ProfileResponse } from '#lib/schemas/responses';
import { UsernameParams } from '#lib/schemas/users';

// POST /api/profiles/{username}/follow
export const handler = route(
  { auth: 'required', params: UsernameParams, response: ProfileResponse, errors: [NotFound, Suspended], limit: 'follows' },
  async ({ params, viewer }) => {
    const authorId = await userIdByUsername(params.username);
    if (!authorId) throw new NotFound('profile');
    if (authorId === viewer.userId) throw new Invalid({ profile: ["can't follow yourself"] });
    const [author, outgoing] = await Promise.all([userById(authorId), follow(viewer, authorId)]);
    await sendCommitted(outgoing);
    if (!author) throw new NotFound('profile');
    return { profile: toProfile(author, true) };
  },
);
