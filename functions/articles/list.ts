import { type ArticleFilter, articleRefPage } from '#lib/db/article-lists';
import { articleViews } from '#lib/db/article-views';
import { userIdByUsername } from '#lib/db/users';
import { route } from '#lib/http/route';
import { toArticleList } from '#lib/mappers/article';
import { ListArticlesQuery } from '#lib/schemas/articles';

// GET /api/articles?tag=&author=&favorited=&limit=&offset=
export const handler = route({ auth: 'optional', query: ListArticlesQuery }, async ({ query, viewer }) => {
  const filter = await filterFor(query);
  if (!filter) return toArticleList([], 0);
  const page = await articleRefPage(filter, query);
  return toArticleList(await articleViews(viewer?.userId, page.refs), page.total);
});

/** The filter with usernames resolved to ids; undefined when a named user doesn't exist. */
async function filterFor(query: { tag?: string; author?: string; favorited?: string }): Promise<ArticleFilter | undefined> {
  if (query.tag) return { by: 'tag', tag: query.tag };
  if (query.author) {
    const authorId = await userIdByUsername(query.author);
    return authorId ? { by: 'author', authorId } : undefined;
  }
  if (query.favorited) {
    const userId = await userIdByUsername(query.favorited);
    return userId ? { by: 'favorited', userId } : undefined;
  }
  return { by: 'all' };
}
