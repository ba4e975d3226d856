import { tagsInUse } from '#lib/db/tags';
import { route } from '#lib/http/route';

// GET /api/tags
export const handler = route({ auth: 'none' }, async () => ({ tags: await tagsInUse() }));
