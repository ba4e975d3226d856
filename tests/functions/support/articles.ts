import { randomBytes } from 'node:crypto';
import { articleIdFromSlug } from '#lib/slug';
import { uniqueName } from '../../support/unique.ts';
import { request } from './conduit.ts';

export interface ArticleInput {
  title?: string;
  description?: string;
  body?: string;
  tagList?: string[];
}

/** A tag no other test or run uses (tags are at most 50 characters). */
export const uniqueTag = (prefix = 'tag') => `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Creates an article through POST /api/articles and returns the response's `article`. */
export async function createArticle(token: string, input: ArticleInput = {}) {
  const article = {
    title: input.title ?? uniqueName('Title'),
    description: input.description ?? 'What this article is about',
    body: input.body ?? 'The body of the article.',
    ...(input.tagList && { tagList: input.tagList }),
  };
  const response = await request('POST /api/articles', { token, body: { article } });
  if (response.status !== 201) throw new Error(`creating an article answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.article;
}

/** The article id a slug carries. */
export function articleIdOf(slug: string): string {
  const id = articleIdFromSlug(slug);
  if (!id) throw new Error(`${slug} names no article`);
  return id;
}
