import { unpublishArticle } from '#lib/db/moderation';
import { NotFound } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { SlugParams } from '#lib/schemas/articles';
import { ReasonBody } from '#lib/schemas/moderation';
import { requireArticleId } from '#lib/slug';

// POST /api/moderation/articles/{slug}/unpublish
export const handler = route(
  { role: 'moderator', params: SlugParams, body: ReasonBody, errors: [NotFound], extension: true, status: 204 },
  async ({ params, body, actor }) => {
    await sendCommitted(await unpublishArticle(actor, requireArticleId(params.slug), body.reason));
  },
);
