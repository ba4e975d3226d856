import { afterAll, expect, it } from 'vitest';
import { sqs } from '#lib/events/queues';
import { articleIdOf, createArticle } from '../../functions/support/articles.ts';
import { receiveAll, useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';

// A queue's URL is made from configuration (lib/config.ts, queueUrlBase), not asked of SQS: a cold start's first
// send goes at once. Against an emulator of this file's own, so what arrives is only this file's.
const backend = await useBackend({ table: 'shared', queues: 'own' });
await backend.assertLibUsesIt();
afterAll(() => backend.close());

it('sends a publication to its queues with no GetQueueUrl call, and it arrives', async () => {
  const author = await registerFreshUser('author');
  const sent: string[] = [];
  sqs().middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'queue-urls-test' },
  );
  try {
    const { slug } = await createArticle(author.token);
    expect(sent).toEqual(['SendMessageBatchCommand', 'SendMessageBatchCommand']);
    const bodies = (await receiveAll(backend, 'feed')).map((message) => JSON.parse(message.Body ?? '{}'));
    expect(bodies).toContainEqual(expect.objectContaining({ event: expect.objectContaining({ type: 'ArticlePublished', articleId: articleIdOf(slug) }) }));
  } finally {
    sqs().middlewareStack.remove('queue-urls-test');
  }
});
