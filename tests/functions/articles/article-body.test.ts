import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { articleBody, article as articleEntity } from '#lib/db/entities';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';

// An article is two items: its summary (what lists read) and its body. They are written and deleted together.
const itemAt = async (key: { PK: string; SK: string }) => (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
const itemsOf = async (slug: string) => {
  const articleId = articleIdOf(slug);
  return { summary: await itemAt(articleEntity.key(articleId)), body: await itemAt(articleBody.key(articleId)) };
};
const update = (token: string, slug: string, article: Record<string, string>) =>
  request('PUT /api/articles/{slug}', { token, pathParameters: { slug }, body: { article } });

describe("an article's body", () => {
  it('is written to its own item, not to the summary', async () => {
    const author = await registerFreshUser('author');
    const { slug } = await createArticle(author.token, { body: 'The body.' });
    const { summary, body } = await itemsOf(slug);
    expect(summary).toMatchObject({ slug, title: expect.any(String) });
    expect(summary).not.toHaveProperty('body');
    expect(body).toMatchObject({ body: 'The body.' });
  });

  it('is left alone by an update that does not change it, and replaced by one that does', async () => {
    const author = await registerFreshUser('author');
    const { slug } = await createArticle(author.token, { body: 'First body.' });
    const before = await itemsOf(slug);

    const retitled = await update(author.token, slug, { title: 'A new title' });
    expect(retitled.status).toBe(200);
    expect(retitled.body.article.body).toBe('First body.');
    expect((await itemsOf(retitled.body.article.slug)).body).toEqual(before.body);

    const rewritten = await update(author.token, retitled.body.article.slug, { body: 'Second body.' });
    expect(rewritten.body.article.body).toBe('Second body.');
    const after = await itemsOf(rewritten.body.article.slug);
    expect(after.body).toMatchObject({ body: 'Second body.' });
    expect(after.summary).not.toHaveProperty('body');
  });

  it('goes with the article in the delete', async () => {
    const author = await registerFreshUser('author');
    const { slug } = await createArticle(author.token);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug } })).status).toBe(204);
    expect(await itemsOf(slug)).toEqual({ summary: undefined, body: undefined });
  });

  it('of an article written before bodies had their own item is read from the summary, and moves on its next change', async () => {
    const author = await registerFreshUser('author');
    const { slug } = await createArticle(author.token, { body: 'Old body.' });
    const articleId = articleIdOf(slug);
    // As such an article was stored: the body on the summary, no body item.
    await db().send(new DeleteCommand({ TableName: table(), Key: articleBody.key(articleId) }));
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: articleEntity.key(articleId),
        UpdateExpression: 'SET body = :body',
        ExpressionAttributeValues: { ':body': 'Old body.' },
      }),
    );

    const read = await request('GET /api/articles/{slug}', { pathParameters: { slug } });
    expect(read.body.article.body).toBe('Old body.');
    const retitled = await update(author.token, slug, { title: 'Retitled' });
    expect(retitled.body.article.body).toBe('Old body.');

    const rewritten = await update(author.token, retitled.body.article.slug, { body: 'New body.' });
    expect(rewritten.body.article.body).toBe('New body.');
    const after = await itemsOf(slug);
    expect(after.summary).not.toHaveProperty('body');
    expect(after.body).toMatchObject({ body: 'New body.' });
  });
});
