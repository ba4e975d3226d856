import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { articleIdOf, createArticle } from '../../functions/support/articles.ts';
import { request } from '../../functions/support/conduit.ts';
import { userIdOf } from '../../functions/support/tokens.ts';
import { queueDepth, sendBodies, startInProcessPoller, useBackend } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { startWebhookReceiver } from '../../support/webhook-receiver.ts';

// Short retries and timeouts for this file (lib reads them on first use): 3 attempts, a second apart or so.
process.env.WEBHOOK_MAX_ATTEMPTS = '3';
process.env.WEBHOOK_RETRY_BASE_SECONDS = '1';
process.env.WEBHOOK_TIMEOUT_MS = '700';

// The webhooks queue of an emulator of this file's own, polled by the local stack's poller, which hands its
// messages to the real consumer: requests here send their outbox messages to it as they would on npm start.
const backend = await useBackend({ table: 'shared', queues: 'own' });
await backend.assertLibUsesIt();
const poller = await startInProcessPoller(backend, { functionKeys: ['webhookDelivery'], retryDelaySeconds: 1 });

// The consumer runs beside everything else on a busy machine: give it time.
const patiently = { timeout: 20_000, interval: 200 };

const receivers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await poller.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await backend.close();
});

/** A receiver on 127.0.0.1 and an endpoint of `owner`'s pointing at it, subscribed to `events`. */
async function hookedReceiver(owner: RegisteredUser, events: string[]) {
  let secret: string | undefined;
  const receiver = await startWebhookReceiver(() => secret);
  receivers.push(receiver);
  const created = await request('POST /api/webhooks', { token: owner.token, body: { webhook: { url: receiver.url, events } } });
  expect(created.status).toBe(201);
  secret = created.body.webhook.secret;
  const id: string = created.body.webhook.id;
  const deliveries = async () => (await request('GET /api/webhooks/{id}/deliveries', { token: owner.token, pathParameters: { id } })).body.deliveries;
  const endpoint = async () => (await request('GET /api/webhooks/{id}', { token: owner.token, pathParameters: { id } })).body.webhook;
  const rotate = async () => {
    const rotated = await request('POST /api/webhooks/{id}/secret', { token: owner.token, pathParameters: { id } });
    const previous = secret;
    secret = rotated.body.webhook.secret;
    return { previous, current: secret };
  };
  return { receiver, id, deliveries, endpoint, rotate };
}

describe('webhook delivery through the queue', () => {
  it('sends a published article, signed so the reference library (standardwebhooks) verifies it, and records the delivery', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver, deliveries } = await hookedReceiver(owner, ['article.published']);
    const article = await createArticle(owner.token, { title: 'Webhooks arrive' });

    const [webhook] = await receiver.waitFor(1);
    expect(webhook?.verified).toMatchObject({
      type: 'article.published',
      data: { article: { slug: article.slug, title: 'Webhooks arrive', author: { username: owner.username } } },
    });
    expect(webhook?.id).toMatch(/^msg_/);
    expect(Math.abs(Number(webhook?.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    await expect
      .poll(deliveries, patiently)
      .toEqual([expect.objectContaining({ id: webhook?.id, type: 'article.published', status: 'delivered', attempts: 1, responseStatus: 200, error: null })]);
  });

  it('retries after a 500 with the same webhook-id, so a receiver that dedupes by id processes the event once', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver, deliveries } = await hookedReceiver(owner, ['article.published']);
    receiver.answer(500);
    await createArticle(owner.token);

    const [first, second] = await receiver.waitFor(2);
    expect(second?.id).toBe(first?.id);
    expect(first?.verified && second?.verified).toBeTruthy();
    expect(receiver.events()).toHaveLength(1);
    await expect.poll(deliveries, patiently).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, responseStatus: 200 })]);
  });

  it('retries a receiver that does not answer within the timeout', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver, deliveries } = await hookedReceiver(owner, ['article.published']);
    receiver.answer('hang');
    await createArticle(owner.token);

    const [first, second] = await receiver.waitFor(2);
    expect(second?.id).toBe(first?.id);
    await expect.poll(deliveries, patiently).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
  });

  it('sends the same event twice with one webhook-id when its message is handled twice, whatever order things arrive in', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver } = await hookedReceiver(owner, ['article.published', 'article.updated']);
    const article = await createArticle(owner.token);
    await receiver.waitFor(1);
    // The same outbox message twice more (SQS delivers at least once): two fan-outs, the same id both times.
    const repeated = {
      eventId: randomUUID(),
      queue: 'webhooks',
      event: { type: 'ArticleUpdated', articleId: articleIdOf(article.slug), authorId: userIdOf(owner.token), removedTags: [] },
    };
    await sendBodies(backend, 'webhooks', [JSON.stringify(repeated), JSON.stringify(repeated)]);

    const received = await receiver.waitFor(3);
    expect(received[1]?.id).toBe(received[2]?.id);
    expect(received[1]?.id).not.toBe(received[0]?.id);
    expect(receiver.events().map((event) => event.type)).toEqual(['article.published', 'article.updated']);
  });

  it("sends each kind of event about the owner's own content to the endpoints subscribed to it, and nothing else", async () => {
    const [owner, reader, stranger] = await Promise.all([registerFreshUser('hookowner'), registerFreshUser('reader'), registerFreshUser('stranger')]);
    const all = await hookedReceiver(owner, ['article.published', 'article.updated', 'article.deleted', 'comment.created', 'profile.followed']);
    const followsOnly = await hookedReceiver(owner, ['profile.followed']);

    const article = await createArticle(owner.token);
    await createArticle(stranger.token);
    const slug = { slug: article.slug };
    expect((await request('PUT /api/articles/{slug}', { token: owner.token, pathParameters: slug, body: { article: { description: 'new' } } })).status).toBe(
      200,
    );
    expect(
      (await request('POST /api/articles/{slug}/comments', { token: reader.token, pathParameters: slug, body: { comment: { body: 'Nice!' } } })).status,
    ).toBe(201);
    expect((await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: owner.username } })).status).toBe(200);
    expect((await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: stranger.username } })).status).toBe(200);
    await all.receiver.waitFor(4);
    expect((await request('DELETE /api/articles/{slug}', { token: owner.token, pathParameters: slug })).status).toBe(204);

    await all.receiver.waitFor(5);
    await followsOnly.receiver.waitFor(1);
    const byType = Object.fromEntries(all.receiver.events().map((event) => [event.type, event.data]));
    expect(Object.keys(byType).sort()).toEqual(['article.deleted', 'article.published', 'article.updated', 'comment.created', 'profile.followed']);
    expect(byType['article.updated']).toMatchObject({ article: { slug: article.slug, description: 'new' } });
    expect(byType['comment.created']).toMatchObject({ article: { slug: article.slug }, comment: { body: 'Nice!', author: { username: reader.username } } });
    expect(byType['profile.followed']).toEqual({ profile: { username: reader.username, bio: null, image: null } });
    expect(byType['article.deleted']).toEqual({ article: { slug: article.slug } });
    expect(followsOnly.receiver.events()).toEqual([expect.objectContaining({ type: 'profile.followed' })]);
    await expect.poll(() => queueDepth(backend, 'webhooks'), patiently).toBe(0);
    expect(all.receiver.received).toHaveLength(5);
    expect(followsOnly.receiver.received).toHaveLength(1);
  });

  it('disables an endpoint whose delivery failed every attempt, and the owner re-enables it', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver, deliveries, endpoint, id } = await hookedReceiver(owner, ['article.published']);
    receiver.answer(500, 503, 500);
    await createArticle(owner.token);

    await receiver.waitFor(3);
    await expect.poll(deliveries, patiently).toEqual([expect.objectContaining({ status: 'failed', attempts: 3, responseStatus: 500, error: 'answered 500' })]);
    await expect.poll(endpoint, patiently).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('3 attempts') });
    expect((await endpoint()).disabledAt).not.toBeNull();

    // Disabled: new events are not sent to it.
    await createArticle(owner.token);
    await expect.poll(() => queueDepth(backend, 'webhooks'), patiently).toBe(0);
    expect(receiver.received).toHaveLength(3);
    expect(await deliveries()).toHaveLength(1);

    const enabled = await request('PUT /api/webhooks/{id}', { token: owner.token, pathParameters: { id }, body: { webhook: { enabled: true } } });
    expect(enabled.body.webhook).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });
    await createArticle(owner.token);
    await receiver.waitFor(4);
    await expect.poll(async () => (await deliveries())[0], patiently).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(poller.lastError()).toBeUndefined();
  });

  it('signs with the new secret after a rotation, and for a day with the old one too, so receivers can switch over', async () => {
    const owner = await registerFreshUser('hookowner');
    const { receiver, rotate } = await hookedReceiver(owner, ['article.published']);
    const { previous, current } = await rotate();
    await createArticle(owner.token);

    const [webhook] = await receiver.waitFor(1);
    const headers = { 'webhook-id': webhook?.id ?? '', 'webhook-timestamp': webhook?.timestamp ?? '', 'webhook-signature': webhook?.signature ?? '' };
    expect(webhook?.signature.split(' ')).toHaveLength(2);
    expect(() => new Webhook(current ?? '').verify(webhook?.body ?? '', headers)).not.toThrow();
    expect(() => new Webhook(previous ?? '').verify(webhook?.body ?? '', headers)).not.toThrow();
  });
});
