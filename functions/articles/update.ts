import { articleWithViewer } from '#lib/db/article-views';
import { ConcurrentArticleUpdate, updateArticle } from '#lib/db/articles';
import { sendCommitted } from '#lib/events/outbox';
import { Forbidden, NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams, UpdateArticleBody } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// PUT /api/articles/{slug}
export const handler = route({ auth: 'required', params: SlugParams, body: UpdateArticleBody }, async ({ params, body, viewer }) => {
  const articleId = requireArticleId(params.slug);
  for (let attempt = 1; ; attempt++) {
    const current = await articleWithViewer(viewer.userId, articleId);
    if (!current) throw new NotFound('article');
    if (current.article.authorId !== viewer.userId || !current.viewer) throw new Forbidden('article');
    try {
      const { article, outgoing } = await updateArticle(current.article, body.article);
      await sendCommitted(outgoing);
      return { article: toArticle({ article, author: { user: current.viewer, following: false }, favorited: current.favorited }) };
    } catch (error) {
      if (!(error instanceof ConcurrentArticleUpdate) || attempt === 3) throw error;
    }
  }
});
