import { rotateSecret } from '#lib/db/webhooks';
import { NotFound, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhookResponse } from '#lib/schemas/responses';
import { WebhookParams } from '#lib/schemas/webhooks';

// POST /api/webhooks/{id}/secret: a new secret, shown once; the old one also signs for a day.
export const handler = route(
  { auth: 'required', params: WebhookParams, response: WebhookResponse, errors: [NotFound, Suspended], extension: true, noStore: true },
  async ({ params, viewer }) => {
    const endpoint = await rotateSecret(viewer, params.id);
    return { webhook: toWebhook(endpoint, { withSecret: true }) };
  },
);
