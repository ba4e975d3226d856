import type * as z from 'zod/mini';
import type { ArticleView } from '#lib/db/article-views';
import type { ArticleSummary } from '#lib/db/entities';
import { toProfile } from '#lib/mappers/profile';
import type { Article, ArticleListEntry, ArticleListResponse } from '#lib/schemas/responses';

const summary = ({ article, author, favorited }: ArticleView<ArticleSummary>): z.output<typeof ArticleListEntry> => ({
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
export const toArticle = (view: ArticleView): z.output<typeof Article> => ({ ...summary(view), body: view.article.body });

/** An entry of a list or feed page: the spec leaves `body` out of lists. */
export const toArticleListEntry = summary;

export const toArticleList = (views: ArticleView<ArticleSummary>[], articlesCount: number): z.output<typeof ArticleListResponse> => ({
  articles: views.map(toArticleListEntry),
  articlesCount,
});
