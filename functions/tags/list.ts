import { tagsInUse } from '#lib/db/tags';
import { route } from '#lib/http/route';
import { TagListResponse } from '#lib/schemas/responses';

// GET /api/tags
export const handler = route({ auth: 'none', response: TagListResponse }, async () => ({ tags: await tagsInUse() }));
