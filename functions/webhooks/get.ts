import { endpointOf } from '#lib/db/webhooks';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhookResponse } from '#lib/schemas/responses';
import { WebhookParams } from '#lib/schemas/webhooks';

// GET /api/webhooks/{id}
export const handler = route(
  { auth: 'required', params: WebhookParams, response: WebhookResponse, errors: [NotFound], extension: true },
  async ({ params, viewer }) => {
    const endpoint = await endpointOf(viewer.userId, params.id);
    if (!endpoint) throw new NotFound('webhook');
    return { webhook: toWebhook(endpoint) };
  },
);
