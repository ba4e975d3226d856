import type * as z from 'zod/mini';
import type { Comment } from '#lib/db/comments';
import type { ProfileView } from '#lib/db/profiles';
import { toProfile } from '#lib/mappers/profile';
import type { Comment as CommentSchema } from '#lib/schemas/responses';

export const toComment = (comment: Comment, author: ProfileView): z.output<typeof CommentSchema> => ({
  id: comment.commentId,
  createdAt: comment.createdAt,
  updatedAt: comment.updatedAt,
  body: comment.body,
  author: toProfile(author.user, author.following),
});
