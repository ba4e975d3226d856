import { afterAll, describe, expect, it } from 'vitest';
import { api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

// The running stack (stage local) sends webhooks through its own queue, poller and consumer to a receiver
// this test starts on 127.0.0.1, which verifies them with the reference standardwebhooks library.
let secret: string | undefined;
const receiver = await startWebhookReceiver(() => secret);
afterAll(() => receiver.close());

describe('webhooks on the running stack', () => {
  it('delivers a signed article.published to a receiver on 127.0.0.1, and lists the delivery', async () => {
    const author = await registerViaApi('hooks');
    const created = await api('POST', '/webhooks', { token: author.token, body: { webhook: { url: receiver.url, events: ['article.published'] } } });
    expect(created.status).toBe(201);
    secret = created.body.webhook.secret;

    const title = uniqueName('Hooked');
    const published = await api('POST', '/articles', { token: author.token, body: { article: { title, description: 'd', body: 'b' } } });
    expect(published.status).toBe(201);

    const [webhook] = await receiver.waitFor(1, 30_000);
    expect(webhook?.verified).toMatchObject({ type: 'article.published', data: { article: { slug: published.body.article.slug, title } } });
    await expect
      .poll(async () => (await api('GET', `/webhooks/${created.body.webhook.id}/deliveries`, { token: author.token })).body.deliveries, { timeout: 15_000 })
      .toEqual([expect.objectContaining({ id: webhook?.id, status: 'delivered', attempts: 1, responseStatus: 200 })]);
  });
});
