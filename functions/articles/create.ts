import { createArticle } from '#lib/db/articles';
import { userById } from '#lib/db/users';
import { Unauthenticated } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { NewArticleBody } from '#lib/schemas/articles';

// POST /api/articles
export const handler = route({ auth: 'required', body: NewArticleBody, status: 201, limit: 'articles' }, async ({ body, viewer }) => {
  const [author, { article, outgoing }] = await Promise.all([userById(viewer.userId), createArticle(viewer.userId, body.article)]);
  await sendCommitted(outgoing);
  if (!author) throw new Unauthenticated('is invalid');
  return { article: toArticle({ article, author: { user: author, following: false }, favorited: false }) };
});
