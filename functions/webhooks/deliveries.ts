import { recentDeliveries } from '#lib/db/webhooks';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toDelivery } from '#lib/mappers/webhook';
import { WebhookDeliveriesResponse } from '#lib/schemas/responses';
import { DeliveriesQuery, WebhookParams } from '#lib/schemas/webhooks';

// GET /api/webhooks/{id}/deliveries: the latest first (?limit=, at most 100; kept 30 days).
export const handler = route(
  { auth: 'required', params: WebhookParams, query: DeliveriesQuery, response: WebhookDeliveriesResponse, errors: [NotFound], extension: true },
  async ({ params, query, viewer }) => {
    const deliveries = await recentDeliveries(viewer.userId, params.id, query.limit);
    return { deliveries: deliveries.map(toDelivery) };
  },
);
