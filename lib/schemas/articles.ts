import { z } from 'zod';
import { BLANK, requiredText } from '#lib/validation';

export const MAX_TAGS = 10;
export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;
/** Offsets are paid for by reading every skipped index entry; past this, a client should filter instead. */
export const PAGE_OFFSET_MAX = 10_000;

const tag = requiredText(50);
const tagList = z
  .array(tag, { error: (issue) => (issue.input === undefined ? BLANK : 'must be an array of strings') })
  .max(MAX_TAGS, `has too many tags (maximum is ${MAX_TAGS})`)
  .transform((tags) => [...new Set(tags)].sort());

const fields = {
  title: requiredText(200),
  description: requiredText(1000),
  body: requiredText(60_000),
};

export const NewArticleBody = z.object({
  article: z.object({ ...fields, tagList: tagList.optional().transform((tags) => tags ?? []) }, { error: BLANK }),
});

export const UpdateArticleBody = z.object({
  article: z
    .object(
      { title: fields.title.optional(), description: fields.description.optional(), body: fields.body.optional(), tagList: tagList.optional() },
      { error: BLANK },
    )
    .refine((article) => Object.values(article).some((value) => value !== undefined), { message: 'must name at least one field to change' }),
});

export const SlugParams = z.object({ slug: requiredText(400) });

const count = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

export const PageQuery = z.object({
  limit: count(1, PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT),
  offset: count(0, PAGE_OFFSET_MAX, 0),
});

export const ListArticlesQuery = PageQuery.extend({
  tag: requiredText(50).optional(),
  author: requiredText(200).optional(),
  favorited: requiredText(200).optional(),
}).refine((query) => [query.tag, query.author, query.favorited].filter(Boolean).length <= 1, {
  message: 'filter by one of tag, author or favorited at a time',
  path: ['filter'],
});

export const NewCommentBody = z.object({ comment: z.object({ body: requiredText(10_000) }, { error: BLANK }) });

export const CommentParams = SlugParams.extend({
  id: z.string().regex(/^\d{1,16}$/, 'must be a comment id').transform(Number),
});
