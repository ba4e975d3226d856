import type { ArticleView } from '#lib/db/article-views';
import { toProfile } from '#lib/mappers/profile';

const summary = ({ article, author, favorited }: ArticleView) => ({
  slug: article.slug,
  title: article.title,
  description: article.description,
  tagList: [...article.tagList].sort(),
  createdAt: article.createdAt,
  updatedAt: article.updatedAt,
  favorited,
  favoritesCount: article.favoritesCount,
  author: toProfile(author.user, author.following),
});

/** A single article, with its body. */
export const toArticle = (view: ArticleView) => ({ ...summary(view), body: view.article.body });

/** An entry of a list or feed page: the spec leaves `body` out of lists. */
export const toArticleListEntry = summary;

export const toArticleList = (views: ArticleView[], articlesCount: number) => ({
  articles: views.map(toArticleListEntry),
  articlesCount,
});
