import type { Comment } from '#lib/db/comments';
import type { ProfileView } from '#lib/db/profiles';
import { toProfile } from '#lib/mappers/profile';

export const toComment = (comment: Comment, author: ProfileView) => ({
  id: comment.commentId,
  createdAt: comment.createdAt,
  updatedAt: comment.updatedAt,
  body: comment.body,
  author: toProfile(author.user, author.following),
});
