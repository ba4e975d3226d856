import { endpointsOf } from '#lib/db/webhooks';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';

// GET /api/webhooks
export const handler = route({ auth: 'required' }, async ({ viewer }) => {
  const endpoints = await endpointsOf(viewer.userId);
  return { webhooks: endpoints.map((endpoint) => toWebhook(endpoint)), webhooksCount: endpoints.length };
});
