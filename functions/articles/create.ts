import { createArticle } from '#lib/db/articles';
import { Suspended } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { NewArticleBody } from '#lib/schemas/articles';
import { ArticleResponse } from '#lib/schemas/responses';

// POST /api/articles
export const handler = route(
  { auth: 'required', errors: [Suspended], body: NewArticleBody, response: ArticleResponse, status: 201, limit: 'articles' },
  async ({ body, viewer }) => {
    const { article, outgoing } = await createArticle(viewer, body.article);
    await sendCommitted(outgoing);
    const author = await viewer.user;
    return { article: toArticle({ article, author: { user: author, following: false }, favorited: false }) };
  },
);
