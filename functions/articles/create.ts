import { createArticle } from '#lib/db/articles';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { NewArticleBody } from '#lib/schemas/articles';

// POST /api/articles
export const handler = route({ auth: 'required', body: NewArticleBody, status: 201, limit: 'articles' }, async ({ body, viewer }) => {
  const { article, outgoing } = await createArticle(viewer, body.article);
  await sendCommitted(outgoing);
  const author = await viewer.user;
  return { article: toArticle({ article, author: { user: author, following: false }, favorited: false }) };
});
