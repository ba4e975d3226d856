import { setRole } from '#lib/db/roles';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { RoleBody } from '#lib/schemas/moderation';
import { UsernameParams } from '#lib/schemas/users';

// PUT /api/admin/users/{username}/role
export const handler = route(
  { role: 'admin', params: UsernameParams, body: RoleBody, errors: [NotFound], extension: true, status: 204 },
  async ({ params, body, actor }) => {
    await setRole(params.username, body.role, body.reason, { actor });
  },
);
