import { unpublishComment } from '#lib/db/moderation';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { CommentParams } from '#lib/schemas/articles';
import { ReasonBody } from '#lib/schemas/moderation';
import { requireArticleId } from '#lib/slug';

// POST /api/moderation/articles/{slug}/comments/{id}/unpublish
export const handler = route(
  { role: 'moderator', params: CommentParams, body: ReasonBody, errors: [NotFound], extension: true, status: 204 },
  async ({ params, body, actor }) => {
    await unpublishComment(actor, requireArticleId(params.slug), params.id, body.reason);
  },
);
