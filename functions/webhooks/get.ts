import { endpointOf } from '#lib/db/webhooks';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhookParams } from '#lib/schemas/webhooks';

// GET /api/webhooks/{id}
export const handler = route({ auth: 'required', params: WebhookParams }, async ({ params, viewer }) => {
  const endpoint = await endpointOf(viewer.userId, params.id);
  if (!endpoint) throw new NotFound('webhook');
  return { webhook: toWebhook(endpoint) };
});
