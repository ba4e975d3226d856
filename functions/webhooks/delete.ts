import { deleteEndpoint } from '#lib/db/webhooks';
import { NotFound, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { WebhookParams } from '#lib/schemas/webhooks';

// DELETE /api/webhooks/{id}
export const handler = route(
  { auth: 'required', params: WebhookParams, errors: [NotFound, Suspended], extension: true, status: 204 },
  async ({ params, viewer }) => {
    await deleteEndpoint(viewer, params.id);
  },
);
