import { articleWithViewer } from '#lib/db/article-views';
import { updateArticle } from '#lib/db/articles';
import { retryingConcurrentChanges } from '#lib/db/concurrency';
import { Forbidden, NotFound, Suspended } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams, UpdateArticleBody } from '#lib/schemas/articles';
import { ArticleResponse } from '#lib/schemas/responses';
import { requireArticleId } from '#lib/slug';

// PUT /api/articles/{slug}
export const handler = route(
  { auth: 'required', params: SlugParams, body: UpdateArticleBody, response: ArticleResponse, errors: [NotFound, Forbidden, Suspended] },
  async ({ params, body, viewer }) => {
    const articleId = requireArticleId(params.slug);
    const { article, outgoing, favorited } = await retryingConcurrentChanges(async () => {
      const current = await articleWithViewer(viewer.userId, articleId);
      if (!current) throw new NotFound('article');
      if (current.article.authorId !== viewer.userId) throw new Forbidden('article');
      return { ...(await updateArticle(viewer, current.article, body.article)), favorited: current.favorited };
    });
    await sendCommitted(outgoing);
    const author = await viewer.user;
    return { article: toArticle({ article, author: { user: author, following: false }, favorited }) };
  },
);
