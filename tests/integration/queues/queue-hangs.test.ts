import { afterAll, describe, expect, it, vi } from 'vitest';
import { config } from '#lib/config';
import { articleIdOf } from '../../functions/support/articles.ts';
import { request } from '../../functions/support/conduit.ts';
import { outboxMessages } from '../../functions/support/queue.ts';
import { outboxDelivery } from '../../support/queues.ts';
import { startSilentServer } from '../../support/silent-server.ts';
import { registerFreshUser } from '../../support/users.ts';

// SQS accepts the connection and never answers. lib reads SQS_ENDPOINT on first use, so pointing it at the
// silent server here, before any request, sends every SQS call of this file there; DynamoDB stays real.
const silent = await startSilentServer();
process.env.SQS_ENDPOINT = silent.endpoint;
afterAll(() => silent.close());

describe('an SQS endpoint that accepts connections but never answers', () => {
  it('does not hang POST /api/articles: it answers 201 within the send deadline and leaves the delivery to the sweeper', async () => {
    const author = await registerFreshUser('author');
    const warn = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const started = Date.now();
    const response = await request('POST /api/articles', {
      token: author.token,
      body: { article: { title: 'Written while SQS was silent', description: 'hang', body: 'Still accepted.' } },
    });
    const elapsed = Date.now() - started;
    warn.mockRestore();

    expect(response.status).toBe(201);
    expect(silent.connections()).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(2_000 + 1_500);
    const [delivery] = await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleIdOf(response.body.article.slug));
    expect(delivery).toBeDefined();
    expect(await outboxDelivery(delivery!.eventId, 'feed')).toBeDefined();
  });
});
