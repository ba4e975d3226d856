import { endpointsOf } from '#lib/db/webhooks';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhooksResponse } from '#lib/schemas/responses';

// GET /api/webhooks
export const handler = route({ auth: 'required', response: WebhooksResponse, extension: true }, async ({ viewer }) => {
  const endpoints = await endpointsOf(viewer.userId);
  return { webhooks: endpoints.map((endpoint) => toWebhook(endpoint)), webhooksCount: endpoints.length };
});
