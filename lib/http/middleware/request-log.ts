import { type RouteMiddleware, type RouteRequest, routeState } from '#lib/http/route-state';
import { log } from '#lib/log';

/** One structured line per request: id, route, status, latency. Bodies and headers are never logged. */
export function requestLog(): RouteMiddleware {
  // Per request, not per handler: serverless offline runs one handler's requests concurrently.
  const startedAt = new WeakMap<object, number>();
  const done = (request: RouteRequest) => {
    const statusCode = request.response?.statusCode ?? 500;
    log.info('request', {
      requestId: request.context.awsRequestId,
      route: request.event.routeKey ?? `${request.event.requestContext?.http?.method} ${request.event.rawPath}`,
      status: statusCode,
      latencyMs: Date.now() - (startedAt.get(request) ?? Date.now()),
      userId: routeState(request.context).viewer?.userId,
    });
  };
  return {
    before: async (request) => {
      startedAt.set(request, Date.now());
    },
    after: async (request) => done(request),
    onError: async (request) => done(request),
  };
}
