import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { db, table } from '#lib/db/client';
import { tag as tagEntity } from '#lib/db/entities';
import { logger } from '#lib/powertools';
import { handler as reconcile } from '../../../functions/schedules/reconcile-counters.ts';
import { useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { conflictNextTransactions } from '../support/faults.ts';

// Tag counts are written beside the article's transaction, not in it (lib/db/tag-counts.ts). The recount scans the
// whole table: this file has a table of its own.
const backend = await useBackend({ table: 'own', queues: 'shared' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();

const tagItem = async (tag: string) => (await db().send(new GetCommand({ TableName: table(), Key: tagEntity.key(tag), ConsistentRead: true }))).Item;
const listed = async (): Promise<string[]> => (await request('GET /api/tags')).body.tags;
const countByTag = async (tag: string): Promise<number> => (await request('GET /api/articles', { query: { tag, limit: '1' } })).body.articlesCount;
const remove = (token: string, slug: string) => request('DELETE /api/articles/{slug}', { token, pathParameters: { slug } });

/** Makes the next UpdateItem of `tag`'s item fail before it is sent, as a throttled write that outlasted the SDK's retries would. */
function failNextTagUpdate(tag: string) {
  const name = `fail-tag-update-${tag}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: { PK?: string } }).Key;
      if (context.commandName === 'UpdateItemCommand' && key?.PK === tagEntity.key(tag).PK) {
        db().middlewareStack.remove(name);
        throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
      }
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
}

describe('tag counts beside the article transaction', () => {
  let fault: ReturnType<typeof conflictNextTransactions> | undefined;
  afterEach(() => {
    fault?.remove();
    fault = undefined;
    vi.restoreAllMocks();
  });

  it('counts concurrent publications that all take one tag, and concurrent deletes, exactly', async () => {
    const authors = await Promise.all([1, 2, 3, 4].map((n) => registerFreshUser(`everyone${n}`)));
    const shared = uniqueTag('everyone');
    const created = await Promise.all(
      authors.flatMap((author) =>
        Array.from({ length: 5 }, async () => ({ token: author.token, slug: (await createArticle(author.token, { tagList: [shared] })).slug as string })),
      ),
    );
    expect(await tagItem(shared)).toMatchObject({ articlesCount: 20 });
    expect(await countByTag(shared)).toBe(20);
    expect(await listed()).toContain(shared);

    const deleted = await Promise.all(created.slice(0, 5).map(({ token, slug }) => remove(token, slug)));
    expect(deleted.map((response) => response.status)).toEqual([204, 204, 204, 204, 204]);
    expect(await tagItem(shared)).toMatchObject({ articlesCount: 15 });
    expect(await countByTag(shared)).toBe(15);
    expect(await reconcile()).toEqual({ drifts: 0, corrected: 0 });
  });

  it('takes back the count of a publication DynamoDB cancelled, leaving no item for its new tag', async () => {
    const author = await registerFreshUser('cancelled');
    const fresh = uniqueTag('cancelled');
    // More conflicts than transactWrite's attempts: the transaction is cancelled for good.
    fault = conflictNextTransactions(4);
    const response = await request('POST /api/articles', {
      token: author.token,
      body: { article: { title: 'Never written', description: 'd', body: 'b', tagList: [fresh] } },
    });
    expect(response.status).toBe(500);
    expect(fault.injected).toBe(4);
    expect(await tagItem(fresh)).toBeUndefined();
    expect(await listed()).not.toContain(fresh);
    expect(await countByTag(fresh)).toBe(0);
  });

  it('gives back the count a cancelled delete took, so the tag stays listed', async () => {
    const author = await registerFreshUser('kept');
    const tag = uniqueTag('kept');
    const article = await createArticle(author.token, { tagList: [tag] });
    // Conflicts outlasting transactWrite's attempts and the delete's own retries (a lost race reads and tries again).
    fault = conflictNextTransactions(100);
    expect((await remove(author.token, article.slug)).status).not.toBe(204);
    expect(await tagItem(tag)).toMatchObject({ articlesCount: 1 });
    expect(await listed()).toContain(tag);
    expect(await countByTag(tag)).toBe(1);
  });

  it('logs a tag count that failed beside a written article, and the daily recount counts and lists the tag again', async () => {
    const author = await registerFreshUser('missed');
    const tag = uniqueTag('missed');
    const errors = vi.spyOn(logger, 'error');
    failNextTagUpdate(tag);
    const article = await createArticle(author.token, { tagList: [tag] });
    expect(article.tagList).toEqual([tag]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('tag counts not moved'), { missed: [{ tag, delta: 1 }] });
    expect(await tagItem(tag)).toBeUndefined();
    expect(await listed()).not.toContain(tag);

    expect(await reconcile()).toEqual({ drifts: 1, corrected: 1 });
    expect(await tagItem(tag)).toMatchObject({ articlesCount: 1, tag });
    expect(await listed()).toContain(tag);
    expect(await countByTag(tag)).toBe(1);
  });
});
