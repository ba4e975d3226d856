import type { DeclaredSpec } from '#lib/openapi/contract';
import type { DocumentedRoute } from '#lib/openapi/document';
import { handler as adminAudit } from './admin/audit.ts';
import { handler as adminSetRole } from './admin/set-role.ts';
import { handler as articlesCreate } from './articles/create.ts';
import { handler as articlesDelete } from './articles/delete.ts';
import { handler as articlesFavorite } from './articles/favorite.ts';
import { handler as articlesFeed } from './articles/feed.ts';
import { handler as articlesGet } from './articles/get.ts';
import { handler as articlesList } from './articles/list.ts';
import { handler as articlesUnfavorite } from './articles/unfavorite.ts';
import { handler as articlesUpdate } from './articles/update.ts';
import { handler as commentsCreate } from './comments/create.ts';
import { handler as commentsDelete } from './comments/delete.ts';
import { handler as commentsList } from './comments/list.ts';
import { handler as docsAsset } from './docs/asset.ts';
import { handler as docsOpenapi } from './docs/openapi.ts';
import { handler as docsPage } from './docs/page.ts';
import { handler as moderationReinstateUser } from './moderation/reinstate-user.ts';
import { handler as moderationSuspendUser } from './moderation/suspend-user.ts';
import { handler as moderationUnpublishArticle } from './moderation/unpublish-article.ts';
import { handler as moderationUnpublishComment } from './moderation/unpublish-comment.ts';
import { handler as profilesFollow } from './profiles/follow.ts';
import { handler as profilesGet } from './profiles/get.ts';
import { handler as profilesUnfollow } from './profiles/unfollow.ts';
import { handler as tagsList } from './tags/list.ts';
import { handler as userDeleteSessions } from './users/delete-sessions.ts';
import { handler as userGetCurrent } from './users/get-current.ts';
import { handler as usersLogin } from './users/login.ts';
import { handler as usersRegister } from './users/register.ts';
import { handler as userUpdateCurrent } from './users/update-current.ts';
import { handler as webhooksCreate } from './webhooks/create.ts';
import { handler as webhooksDelete } from './webhooks/delete.ts';
import { handler as webhooksDeliveries } from './webhooks/deliveries.ts';
import { handler as webhooksGet } from './webhooks/get.ts';
import { handler as webhooksList } from './webhooks/list.ts';
import { handler as webhooksRotateSecret } from './webhooks/rotate-secret.ts';
import { handler as webhooksUpdate } from './webhooks/update.ts';

// Every HTTP route with its handler, as serverless.yml serves it (function name, method and path), for the
// OpenAPI document: a Lambda cannot read serverless.yml, so the table is written out here and
// tests/unit/openapi/route-table.test.ts checks it against serverless.yml.

const declared = (tag: string, operationId: string, routeKey: string, handler: { spec: DeclaredSpec }): DocumentedRoute => {
  const [method = '', path = ''] = routeKey.split(' ');
  return { tag, operationId, method, path, spec: handler.spec };
};

export const routeTable: DocumentedRoute[] = [
  declared('users', 'usersRegister', 'POST /api/users', usersRegister),
  declared('users', 'usersLogin', 'POST /api/users/login', usersLogin),
  declared('users', 'userGetCurrent', 'GET /api/user', userGetCurrent),
  declared('users', 'userUpdateCurrent', 'PUT /api/user', userUpdateCurrent),
  declared('users', 'userDeleteSessions', 'DELETE /api/user/sessions', userDeleteSessions),
  declared('profiles', 'profilesGet', 'GET /api/profiles/{username}', profilesGet),
  declared('profiles', 'profilesFollow', 'POST /api/profiles/{username}/follow', profilesFollow),
  declared('profiles', 'profilesUnfollow', 'DELETE /api/profiles/{username}/follow', profilesUnfollow),
  declared('articles', 'articlesList', 'GET /api/articles', articlesList),
  declared('articles', 'articlesFeed', 'GET /api/articles/feed', articlesFeed),
  declared('articles', 'articlesCreate', 'POST /api/articles', articlesCreate),
  declared('articles', 'articlesGet', 'GET /api/articles/{slug}', articlesGet),
  declared('articles', 'articlesUpdate', 'PUT /api/articles/{slug}', articlesUpdate),
  declared('articles', 'articlesDelete', 'DELETE /api/articles/{slug}', articlesDelete),
  declared('articles', 'articlesFavorite', 'POST /api/articles/{slug}/favorite', articlesFavorite),
  declared('articles', 'articlesUnfavorite', 'DELETE /api/articles/{slug}/favorite', articlesUnfavorite),
  declared('comments', 'commentsList', 'GET /api/articles/{slug}/comments', commentsList),
  declared('comments', 'commentsCreate', 'POST /api/articles/{slug}/comments', commentsCreate),
  declared('comments', 'commentsDelete', 'DELETE /api/articles/{slug}/comments/{id}', commentsDelete),
  declared('tags', 'tagsList', 'GET /api/tags', tagsList),
  declared('docs', 'docsOpenapi', 'GET /api/openapi.json', docsOpenapi),
  declared('docs', 'docsPage', 'GET /api/docs', docsPage),
  declared('docs', 'docsAsset', 'GET /api/docs/{file}', docsAsset),
  declared('moderation', 'moderationUnpublishArticle', 'POST /api/moderation/articles/{slug}/unpublish', moderationUnpublishArticle),
  declared('moderation', 'moderationUnpublishComment', 'POST /api/moderation/articles/{slug}/comments/{id}/unpublish', moderationUnpublishComment),
  declared('moderation', 'moderationSuspendUser', 'POST /api/moderation/users/{username}/suspend', moderationSuspendUser),
  declared('moderation', 'moderationReinstateUser', 'POST /api/moderation/users/{username}/reinstate', moderationReinstateUser),
  declared('admin', 'adminSetRole', 'PUT /api/admin/users/{username}/role', adminSetRole),
  declared('admin', 'adminAudit', 'GET /api/admin/audit', adminAudit),
  declared('webhooks', 'webhooksCreate', 'POST /api/webhooks', webhooksCreate),
  declared('webhooks', 'webhooksList', 'GET /api/webhooks', webhooksList),
  declared('webhooks', 'webhooksGet', 'GET /api/webhooks/{id}', webhooksGet),
  declared('webhooks', 'webhooksUpdate', 'PUT /api/webhooks/{id}', webhooksUpdate),
  declared('webhooks', 'webhooksDelete', 'DELETE /api/webhooks/{id}', webhooksDelete),
  declared('webhooks', 'webhooksRotateSecret', 'POST /api/webhooks/{id}/secret', webhooksRotateSecret),
  declared('webhooks', 'webhooksDeliveries', 'GET /api/webhooks/{id}/deliveries', webhooksDeliveries),
];
