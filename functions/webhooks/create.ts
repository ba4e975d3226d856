import { config } from '#lib/config';
import { createEndpoint } from '#lib/db/webhooks';
import { Conflict, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { toWebhook } from '#lib/mappers/webhook';
import { WebhookResponse } from '#lib/schemas/responses';
import { NewWebhookBody } from '#lib/schemas/webhooks';

// POST /api/webhooks (an extension: README.md, "Webhooks"). The only answer that shows the secret, with rotate.
export const handler = route(
  { auth: 'required', body: NewWebhookBody, response: WebhookResponse, errors: [Conflict, Suspended], extension: true, status: 201, noStore: true },
  async ({ body, viewer }) => {
    const endpoint = await createEndpoint(viewer, body.webhook, config().webhooks.perUser);
    return { webhook: toWebhook(endpoint, { withSecret: true }) };
  },
);
