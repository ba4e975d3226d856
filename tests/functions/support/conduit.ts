import { handler as articlesCreate } from '../../../functions/articles/create.ts';
import { handler as articlesDelete } from '../../../functions/articles/delete.ts';
import { handler as articlesFavorite } from '../../../functions/articles/favorite.ts';
import { handler as articlesFeed } from '../../../functions/articles/feed.ts';
import { handler as articlesGet } from '../../../functions/articles/get.ts';
import { handler as articlesList } from '../../../functions/articles/list.ts';
import { handler as articlesUnfavorite } from '../../../functions/articles/unfavorite.ts';
import { handler as articlesUpdate } from '../../../functions/articles/update.ts';
import { handler as commentsCreate } from '../../../functions/comments/create.ts';
import { handler as commentsDelete } from '../../../functions/comments/delete.ts';
import { handler as commentsList } from '../../../functions/comments/list.ts';
import { handler as profilesFollow } from '../../../functions/profiles/follow.ts';
import { handler as profilesGet } from '../../../functions/profiles/get.ts';
import { handler as profilesUnfollow } from '../../../functions/profiles/unfollow.ts';
import { handler as tagsList } from '../../../functions/tags/list.ts';
import { handler as usersGetCurrent } from '../../../functions/users/get-current.ts';
import { handler as usersLogin } from '../../../functions/users/login.ts';
import { handler as usersRegister } from '../../../functions/users/register.ts';
import { handler as usersUpdateCurrent } from '../../../functions/users/update-current.ts';
import { invoke, type HandlerResponse, type HttpEventInput } from '../../support/http-event.ts';

/** Every HTTP route serverless.yml declares, with the handler file it names (checked by routes.test.ts). */
export const routes = {
  'POST /api/users': { file: 'functions/users/register', handler: usersRegister },
  'POST /api/users/login': { file: 'functions/users/login', handler: usersLogin },
  'GET /api/user': { file: 'functions/users/get-current', handler: usersGetCurrent },
  'PUT /api/user': { file: 'functions/users/update-current', handler: usersUpdateCurrent },
  'GET /api/profiles/{username}': { file: 'functions/profiles/get', handler: profilesGet },
  'POST /api/profiles/{username}/follow': { file: 'functions/profiles/follow', handler: profilesFollow },
  'DELETE /api/profiles/{username}/follow': { file: 'functions/profiles/unfollow', handler: profilesUnfollow },
  'GET /api/articles': { file: 'functions/articles/list', handler: articlesList },
  'GET /api/articles/feed': { file: 'functions/articles/feed', handler: articlesFeed },
  'POST /api/articles': { file: 'functions/articles/create', handler: articlesCreate },
  'GET /api/articles/{slug}': { file: 'functions/articles/get', handler: articlesGet },
  'PUT /api/articles/{slug}': { file: 'functions/articles/update', handler: articlesUpdate },
  'DELETE /api/articles/{slug}': { file: 'functions/articles/delete', handler: articlesDelete },
  'POST /api/articles/{slug}/favorite': { file: 'functions/articles/favorite', handler: articlesFavorite },
  'DELETE /api/articles/{slug}/favorite': { file: 'functions/articles/unfavorite', handler: articlesUnfavorite },
  'GET /api/articles/{slug}/comments': { file: 'functions/comments/list', handler: commentsList },
  'POST /api/articles/{slug}/comments': { file: 'functions/comments/create', handler: commentsCreate },
  'DELETE /api/articles/{slug}/comments/{id}': { file: 'functions/comments/delete', handler: commentsDelete },
  'GET /api/tags': { file: 'functions/tags/list', handler: tagsList },
} as const;

export type Route = keyof typeof routes;

/**
 * Invokes the handler of `route` with the event API Gateway would send for it, e.g.
 * `request('GET /api/articles/{slug}', { pathParameters: { slug }, token })`.
 */
export function request<T = any>(route: Route, input: Omit<HttpEventInput, 'routeKey' | 'method' | 'path'> = {}): Promise<HandlerResponse<T>> {
  return invoke<T>(routes[route].handler, { ...input, routeKey: route });
}
