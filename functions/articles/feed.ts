import { articleViews } from '#lib/db/article-views';
import { feedRefPage } from '#lib/db/feed';
import { route } from '#lib/http/route';
import { toArticleList } from '#lib/mappers/article';
import { PageQuery } from '#lib/schemas/articles';

// GET /api/articles/feed?limit=&offset=
export const handler = route({ auth: 'required', query: PageQuery }, async ({ query, viewer }) => {
  const page = await feedRefPage(viewer.userId, query);
  return toArticleList(await articleViews(viewer.userId, page.refs), page.total);
});
