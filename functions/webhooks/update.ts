import { updateEndpoint } from '#lib/db/webhooks';
import { NotFound, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhookResponse } from '#lib/schemas/responses';
import { UpdateWebhookBody, WebhookParams } from '#lib/schemas/webhooks';

// PUT /api/webhooks/{id}: url, events, enabled (re-enables an endpoint disabled after failures).
export const handler = route(
  { auth: 'required', params: WebhookParams, body: UpdateWebhookBody, response: WebhookResponse, errors: [NotFound, Suspended], extension: true },
  async ({ params, body, viewer }) => {
    const endpoint = await updateEndpoint(viewer, params.id, body.webhook);
    return { webhook: toWebhook(endpoint) };
  },
);
