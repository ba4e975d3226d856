import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config, type Limits } from '#lib/config';
import { countHit } from '#lib/db/limits';
import { checkLoginLockout, forgetAccountFailures, type LoginSubjects, recordLoginFailure } from '#lib/db/login-attempts';
import { Unauthenticated } from '#lib/errors';
import { type RouteContext, type RouteMiddleware, routeState } from '#lib/http/route-state';
import { logger } from '#lib/powertools';

/** What a route may count against: its name is the error's field, its maximum comes from configuration. */
const perMinute = {
  articles: { setting: 'articlesPerMinute', per: 'viewer' },
  comments: { setting: 'commentsPerMinute', per: 'viewer' },
  follows: { setting: 'followsPerMinute', per: 'viewer' },
  favorites: { setting: 'favoritesPerMinute', per: 'viewer' },
  registrations: { setting: 'registrationsPerMinute', per: 'address' },
} as const satisfies Record<string, { setting: keyof Limits; per: 'viewer' | 'address' }>;

export type LimitName = keyof typeof perMinute;

/** The address API Gateway saw the request come from. */
const addressOf = (event: APIGatewayProxyEventV2) => event.requestContext?.http?.sourceIp || 'unknown';

/**
 * Counts each request that got this far (authenticated and valid) against the limit, per viewer or per
 * address, and refuses one past it with 429 and Retry-After before the route reads or writes anything.
 */
export function rateLimit(name: LimitName | undefined): RouteMiddleware {
  return {
    before: async ({ event, context }) => {
      if (!name) return;
      const { setting, per } = perMinute[name];
      const subject = per === 'address' ? addressOf(event) : routeState(context).viewer?.userId;
      if (subject === undefined) return;
      await countHit({ name, max: config().limits[setting], windowSeconds: 60 }, subject);
    },
  };
}

/** The answer stays what it is (a 200, a 401) when its bookkeeping fails: that is logged, not turned into a 500. */
async function bookkeeping(message: string, write: () => Promise<void>) {
  try {
    await write();
  } catch (error) {
    logger.warn(message, { error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Login lockout: refuses an attempt on a locked account or from a locked address with 429 before the route
 * runs (so no password is hashed), counts a refused login (401) against both, and forgets the account's
 * failures after a success.
 */
export function loginLockout(accountOf: ((context: RouteContext) => string) | undefined): RouteMiddleware {
  const attempts = new WeakMap<object, { subjects: LoginSubjects; accountHasFailures: boolean }>();
  return {
    before: async (request) => {
      if (!accountOf) return;
      const subjects = { email: accountOf(request.context), address: addressOf(request.event) };
      const { accountHasFailures } = await checkLoginLockout(subjects);
      attempts.set(request, { subjects, accountHasFailures });
    },
    after: async (request) => {
      const attempt = attempts.get(request);
      if (attempt?.accountHasFailures) await bookkeeping('failed logins not forgotten', () => forgetAccountFailures(attempt.subjects.email));
    },
    onError: async (request) => {
      const attempt = attempts.get(request);
      if (!attempt || !(request.error instanceof Unauthenticated)) return;
      await bookkeeping('failed login not counted', () => recordLoginFailure(attempt.subjects));
    },
  };
}
