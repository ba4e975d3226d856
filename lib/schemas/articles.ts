import * as z from 'zod/mini';
import { BLANK, requiredText } from '#lib/validation';

export const MAX_TAGS = 10;
export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;
/** Offsets are paid for by reading every skipped index entry; past this, a client should filter instead. */
export const PAGE_OFFSET_MAX = 10_000;

// Tags are in keys (a tag item's PK, an article's tag entry's SK): 50 UTF-16 units are at most 150 bytes.
const tag = () => requiredText(50, { maxKeyBytes: 200 });
const tagList = () =>
  z.pipe(
    z
      .array(tag(), { error: (issue) => (issue.input === undefined ? BLANK : 'must be an array of strings') })
      .check(z.maxLength(MAX_TAGS, `has too many tags (maximum is ${MAX_TAGS})`)),
    z.transform((tags: string[]) => [...new Set(tags)].sort()),
  );

const title = () => requiredText(200);
const description = () => requiredText(1000);
const body = () => requiredText(60_000, { multiline: true });

export const NewArticleBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    article: z.object(
      {
        title: title(),
        description: description(),
        body: body(),
        tagList: z.pipe(
          z.optional(tagList()),
          z.transform((tags: string[] | undefined) => tags ?? []),
        ),
      },
      { error: BLANK },
    ),
  }),
);

export const UpdateArticleBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    article: z
      .object(
        { title: z.optional(title()), description: z.optional(description()), body: z.optional(body()), tagList: z.optional(tagList()) },
        { error: BLANK },
      )
      .check(z.refine((article) => Object.values(article).some((value) => value !== undefined), { message: 'must name at least one field to change' })),
  }),
);

const slug = () => requiredText(400);

export const SlugParams = /* @__PURE__ */ z.lazy(() => z.object({ slug: slug() }));

const count = (min: number, max: number, fallback: number) =>
  z.pipe(
    z.optional(
      z.pipe(
        z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number)),
        z.number().check(z.int(), z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
      ),
    ),
    z.transform((value: number | undefined) => value ?? fallback),
  );

/** `limit` of a paged list: a whole number in 1…PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT when absent. */
export const pageLimit = () => count(1, PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT);

const page = () => ({
  limit: pageLimit(),
  offset: count(0, PAGE_OFFSET_MAX, 0),
});

export const PageQuery = /* @__PURE__ */ z.lazy(() => z.object(page()));

export const ListArticlesQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      ...page(),
      tag: z.optional(tag()),
      author: z.optional(requiredText(200)),
      favorited: z.optional(requiredText(200)),
    })
    .check(
      z.refine((query) => [query.tag, query.author, query.favorited].filter(Boolean).length <= 1, {
        message: 'filter by one of tag, author or favorited at a time',
        path: ['filter'],
      }),
    ),
);

export const NewCommentBody = /* @__PURE__ */ z.lazy(() =>
  z.object({ comment: z.object({ body: requiredText(10_000, { multiline: true }) }, { error: BLANK }) }),
);

// Ends in a number schema (always met after the pattern) so the OpenAPI document shows an integer, as the spec has it.
const commentId = () => z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,16}$/, 'must be a comment id')), z.transform(Number)), z.int());

/** A page of comments: `limit` (capped at the configured page size) older than the comment `before`. An extension to the spec. */
export const CommentsQuery = /* @__PURE__ */ z.lazy(() =>
  z.object({
    limit: z
      .optional(
        z.pipe(
          z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number)),
          z.number().check(z.int(), z.minimum(1, 'must be at least 1')),
        ),
      )
      .register(z.globalRegistry, { description: 'At most this many comments (capped at the page size, 100 by default)', 'x-extension': true }),
    before: z
      .optional(commentId())
      .register(z.globalRegistry, { description: 'Only comments older than this one: the last id of a page, for the next', 'x-extension': true }),
  }),
);

export const CommentParams = /* @__PURE__ */ z.lazy(() => z.object({ slug: slug(), id: commentId() }));
