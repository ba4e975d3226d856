import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { request } from '../support/conduit.ts';

// lib reads its configuration on first use, after this.
process.env.WEBHOOKS_PER_USER = '3';

const receiver = 'https://hooks.example.com/conduit';
const create = (token: string, webhook: Record<string, unknown>) => request('POST /api/webhooks', { token, body: { webhook } });

describe('webhook endpoints (an extension)', () => {
  it('are created with a Standard Webhooks secret shown once, and listed and read without it', async () => {
    const owner = await registerFreshUser('hookowner');
    const created = await create(owner.token, { url: receiver, events: ['comment.created', 'article.published', 'article.published'] });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { webhook } = created.body;
    expect(webhook).toMatchObject({ url: receiver, events: ['article.published', 'comment.created'], enabled: true, disabledAt: null });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = await request('GET /api/webhooks', { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ webhooks: [{ ...webhook, secret: undefined }].map(({ secret, ...rest }) => rest), webhooksCount: 1 });
    const read = await request('GET /api/webhooks/{id}', { token: owner.token, pathParameters: { id: webhook.id } });
    expect(read.body.webhook).not.toHaveProperty('secret');
    expect(read.body.webhook.id).toBe(webhook.id);
  });

  it('refuse what could reach inside the network, other schemes and unknown events (422)', async () => {
    const owner = await registerFreshUser('hookowner');
    const refused = [
      [{ url: 'http://hooks.example.com/', events: ['article.published'] }, 'url'],
      [{ url: 'https://169.254.169.254/latest/meta-data/', events: ['article.published'] }, 'url'],
      [{ url: 'https://[fd00::1]/', events: ['article.published'] }, 'url'],
      [{ url: 'https://10.0.0.8/', events: ['article.published'] }, 'url'],
      [{ url: 'https://user:secret@hooks.example.com/', events: ['article.published'] }, 'url'],
      [{ url: 'javascript:alert(1)', events: ['article.published'] }, 'url'],
      [{ url: receiver, events: ['article.favorited'] }, 'events'],
      [{ url: receiver, events: [] }, 'events'],
      [{ url: receiver }, 'events'],
    ] as const;
    for (const [webhook, field] of refused) {
      const response = await create(owner.token, webhook);
      expect(response.status, JSON.stringify(webhook)).toBe(422);
      expect(Object.keys(response.body.errors).join()).toContain(field);
    }
    const listed = await request('GET /api/webhooks', { token: owner.token });
    expect(listed.body.webhooksCount).toBe(0);
  });

  it('are at most WEBHOOKS_PER_USER a user (409 past it), and deleting one makes room', async () => {
    const owner = await registerFreshUser('hookowner');
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await create(owner.token, { url: `${receiver}/${i}`, events: ['profile.followed'] })).body.webhook);
    const first = { id: created[0].id as string };
    const over = await create(owner.token, { url: `${receiver}/3`, events: ['profile.followed'] });
    expect(over.status).toBe(409);
    expect(over.body).toEqual({ errors: { webhooks: ['are at most 3 per user'] } });
    expect((await request('GET /api/webhooks', { token: owner.token })).body.webhooksCount).toBe(3);

    expect((await request('DELETE /api/webhooks/{id}', { token: owner.token, pathParameters: first })).status).toBe(204);
    expect((await request('DELETE /api/webhooks/{id}', { token: owner.token, pathParameters: first })).status).toBe(404);
    expect((await create(owner.token, { url: `${receiver}/4`, events: ['profile.followed'] })).status).toBe(201);
  });

  it('refuse the limit to a burst of creations as well', async () => {
    const owner = await registerFreshUser('hookowner');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create(owner.token, { url: `${receiver}/${i}`, events: ['article.updated'] })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409).length + answers.filter((answer) => answer.status === 201).length).toBe(6);
    expect((await request('GET /api/webhooks', { token: owner.token })).body.webhooksCount).toBe(3);
  });

  it('are updated (url, events, enabled) and their secret rotated, shown once more', async () => {
    const owner = await registerFreshUser('hookowner');
    const { webhook } = (await create(owner.token, { url: receiver, events: ['article.published'] })).body;
    const pathParameters = { id: webhook.id };
    const updated = await request('PUT /api/webhooks/{id}', {
      token: owner.token,
      pathParameters,
      body: { webhook: { url: `${receiver}/v2`, events: ['article.deleted'], enabled: false } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.webhook).toMatchObject({ url: `${receiver}/v2`, events: ['article.deleted'], enabled: false });
    expect(updated.body.webhook).not.toHaveProperty('secret');
    expect((await request('PUT /api/webhooks/{id}', { token: owner.token, pathParameters, body: { webhook: {} } })).status).toBe(422);
    expect((await request('PUT /api/webhooks/{id}', { token: owner.token, pathParameters, body: { webhook: { url: 'https://10.0.0.1/' } } })).status).toBe(422);

    const rotated = await request('POST /api/webhooks/{id}/secret', { token: owner.token, pathParameters });
    expect(rotated.status).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.body.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.body.webhook.secret).not.toBe(webhook.secret);
  });

  it("are nobody else's business: another user's id is a 404, and no token a 401", async () => {
    const [owner, stranger] = await Promise.all([registerFreshUser('hookowner'), registerFreshUser('stranger')]);
    const { webhook } = (await create(owner.token, { url: receiver, events: ['article.published'] })).body;
    const pathParameters = { id: webhook.id };
    for (const route of ['GET /api/webhooks/{id}', 'DELETE /api/webhooks/{id}', 'POST /api/webhooks/{id}/secret', 'GET /api/webhooks/{id}/deliveries']) {
      const response = await request(route, { token: stranger.token, pathParameters });
      expect(response.status, route).toBe(404);
      expect(response.body).toEqual({ errors: { webhook: ['not found'] } });
      expect((await request(route, { pathParameters })).status, route).toBe(401);
    }
    expect((await request('PUT /api/webhooks/{id}', { token: stranger.token, pathParameters, body: { webhook: { enabled: false } } })).status).toBe(404);
    expect((await request('GET /api/webhooks', { token: stranger.token })).body).toEqual({ webhooks: [], webhooksCount: 0 });
    expect((await request('GET /api/webhooks/{id}', { token: owner.token, pathParameters })).body.webhook.enabled).toBe(true);
    expect((await request('GET /api/webhooks/{id}', { token: owner.token, pathParameters: { id: 'not-an-id' } })).status).toBe(422);
  });
});
