import { afterEach, describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { conflictNextTransactions } from '../support/faults.ts';
import { userIdOf } from '../support/tokens.ts';

const ISO_WITH_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const create = (token: string, article: unknown) => request('POST /api/articles', { token, body: { article } });
const get = (slug: string, token?: string) => request('GET /api/articles/{slug}', { pathParameters: { slug }, token });
const fields = { title: 'How to train your dragon', description: 'Ever wonder how?', body: 'You have to believe.' };

describe('POST /api/articles', () => {
  it('answers 201 with the article, its author, and no favorites', async () => {
    const author = await registerFreshUser('author');
    const response = await create(author.token, { ...fields, tagList: ['dragons', 'training'] });
    expect(response.status).toBe(201);
    expect(response.body.article).toEqual({
      slug: expect.stringMatching(/^how-to-train-your-dragon-[0-9a-z]{13}$/),
      ...fields,
      tagList: ['dragons', 'training'],
      createdAt: expect.stringMatching(ISO_WITH_MILLISECONDS),
      updatedAt: expect.stringMatching(ISO_WITH_MILLISECONDS),
      favorited: false,
      favoritesCount: 0,
      author: { username: author.username, bio: null, image: null, following: false },
    });
    expect(response.body.article.updatedAt).toBe(response.body.article.createdAt);
  });

  it('makes a usable slug from a non-Latin title', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { title: 'Привет мир' });
    expect(article.slug).toMatch(/^привет-мир-[0-9a-z]{13}$/);
    // API Gateway hands non-ASCII path parameters over still percent-encoded; a client may also send them raw.
    const encoded = await get(encodeURIComponent(article.slug));
    const raw = await get(article.slug);
    expect(encoded.status).toBe(200);
    expect(encoded.body.article.title).toBe('Привет мир');
    expect(raw.status).toBe(200);
    expect(raw.body.article.slug).toBe(article.slug);
  });

  it('gives a title of punctuation only a slug that still resolves', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { title: '?!…' });
    expect(article.slug).toMatch(/^article-[0-9a-z]{13}$/);
    expect((await get(article.slug)).status).toBe(200);
  });

  it('gives two articles with the same title different slugs, each naming its own article', async () => {
    const author = await registerFreshUser('author');
    const first = await createArticle(author.token, { title: 'Same title', body: 'first' });
    const second = await createArticle(author.token, { title: 'Same title', body: 'second' });
    expect(first.slug).not.toBe(second.slug);
    expect((await get(first.slug)).body.article.body).toBe('first');
    expect((await get(second.slug)).body.article.body).toBe('second');
  });

  it('sorts and de-duplicates the tag list, trimming each tag', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { tagList: ['zebra', 'apple', 'zebra', ' mango ', 'apple'] });
    expect(article.tagList).toEqual(['apple', 'mango', 'zebra']);
    expect((await get(article.slug)).body.article.tagList).toEqual(['apple', 'mango', 'zebra']);
  });

  it('creates an article without a tag list with an empty one', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    expect(article.tagList).toEqual([]);
  });

  it('accepts 10 tags and refuses 11 with 422 on tagList', async () => {
    const author = await registerFreshUser('author');
    const tags = Array.from({ length: 11 }, (_, i) => uniqueTag(`t${i}`));
    const ten = await create(author.token, { ...fields, tagList: tags.slice(0, 10) });
    const eleven = await create(author.token, { ...fields, tagList: tags });
    expect(ten.status).toBe(201);
    expect(eleven.status).toBe(422);
    expect(eleven.body).toEqual({ errors: { tagList: ['has too many tags (maximum is 10)'] } });
  });

  it('refuses tagList: null with 422 on tagList', async () => {
    const author = await registerFreshUser('author');
    const response = await create(author.token, { ...fields, tagList: null });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('tagList');
  });

  it('refuses a tag list that is not an array of strings with 422 on tagList', async () => {
    const author = await registerFreshUser('author');
    const notArray = await create(author.token, { ...fields, tagList: 'dragons' });
    const numbers = await create(author.token, { ...fields, tagList: [1, 2] });
    expect(notArray.status).toBe(422);
    expect(notArray.body.errors).toHaveProperty('tagList');
    expect(numbers.status).toBe(422);
    expect(numbers.body.errors).toHaveProperty('tagList');
  });

  it.each(['title', 'description', 'body'])('answers 422 "can\'t be blank" on a missing or blank %s', async (field) => {
    const author = await registerFreshUser('author');
    const missing = await create(author.token, { ...fields, [field]: undefined });
    const blank = await create(author.token, { ...fields, [field]: '   ' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[field][0]).toBe("can't be blank");
    expect(blank.status).toBe(422);
    expect(blank.body.errors[field][0]).toBe("can't be blank");
  });

  it('answers 422 on article when the wrapper object is missing', async () => {
    const author = await registerFreshUser('author');
    const response = await request('POST /api/articles', { token: author.token, body: {} });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { article: ["can't be blank"] } });
  });

  it('answers 401 without a token', async () => {
    const response = await request('POST /api/articles', { body: { article: fields } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  it("counts the new article in its author's articles at once", async () => {
    const author = await registerFreshUser('author');
    await createArticle(author.token);
    await createArticle(author.token);
    const list = await request('GET /api/articles', { query: { author: author.username } });
    expect(list.body.articlesCount).toBe(2);
    expect(list.body.articles).toHaveLength(2);
  });

  it('publishes every article when several authors publish at the same moment', async () => {
    const authors = await Promise.all(Array.from({ length: 4 }, () => registerFreshUser('author')));
    const tag = uniqueTag('burst');
    const responses = await Promise.all(authors.flatMap((author) => [1, 2, 3].map(() => create(author.token, { ...fields, tagList: [tag] }))));
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const list = await request('GET /api/articles', { query: { tag, limit: '100' } });
    expect(list.body.articlesCount).toBe(12);
  });

  describe('under contention', () => {
    let fault: ReturnType<typeof conflictNextTransactions> | undefined;
    afterEach(() => fault?.remove());

    // Every publication updates a shared counter in its transaction (a STATS shard); DynamoDB cancels a
    // transaction with TransactionConflict when another one holds an item, and the SDK does not retry that:
    // lib/db/transactions.ts does.
    it('retries a publication whose transaction met a TransactionConflict instead of answering 500', async () => {
      const author = await registerFreshUser('author');
      fault = conflictNextTransactions(1, 1);
      const response = await create(author.token, fields);
      expect(fault.injected).toBe(1);
      expect(response.status).toBe(201);
    });
  });

  describe('call budget', () => {
    it('is one TransactWriteItems beside one UpdateItem per tag after the write limit, the author read being the session check’s, no scan', async () => {
      const author = await registerFreshUser('budget');
      const { result, calls } = await measured(() => create(author.token, { ...fields, tagList: [uniqueTag('a'), uniqueTag('b')] }));
      expect(result.status).toBe(201);
      // The per-user write limit's counter (one conditional UpdateItem) comes first: a refused write must not happen.
      // Tag counts are updated beside the transaction, never in it (lib/db/tag-counts.ts): same round.
      expect(signedInRounds(calls.calls, userIdOf(author.token))).toEqual({
        rounds: [['UpdateItem'], ['TransactWriteItems', 'UpdateItem', 'UpdateItem']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(4);
      expect(readRoundsBeforeWrite(calls)).toBe(0);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('POST /api/articles', calls);
    });
  });
});
