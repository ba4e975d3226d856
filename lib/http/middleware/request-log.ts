import { type RouteMiddleware, type RouteRequest, routeState } from '#lib/http/route-state';
import { correlationId, endInvocation, logger, MetricUnit, metrics, publishMetrics, setCorrelationId, startInvocation } from '#lib/powertools';

/** The response header that gives the caller the id their request's log lines (and its queue work's) carry. */
export const CORRELATION_HEADER = 'x-correlation-id';

// serverless offline gives every HTTP API event this one request id; its invocation ids are unique.
const OFFLINE_REQUEST_ID = 'offlineContext_resourceId';

/** API Gateway's id for the request (the `apigw-requestid` it answers with too). */
function correlationIdOf(request: RouteRequest): string {
  const requestId = request.event.requestContext?.requestId;
  return requestId && requestId !== OFFLINE_REQUEST_ID ? requestId : request.context.awsRequestId;
}

/**
 * The first middleware and the last word on every request: the Lambda context and the correlation id (API
 * Gateway's request id) on every log line the request writes, then one structured line per request (route,
 * status, latency; bodies and headers are never logged), the Requests and Latency metrics by route and
 * status, and the correlation id on the response.
 */
export function requestLog(): RouteMiddleware {
  // Per request, not per handler: serverless offline runs one handler's requests concurrently.
  const startedAt = new WeakMap<object, number>();
  const done = (request: RouteRequest) => {
    const status = request.response?.statusCode ?? 500;
    const route = request.event.routeKey ?? `${request.event.requestContext?.http?.method} ${request.event.rawPath}`;
    const latencyMs = Date.now() - (startedAt.get(request) ?? Date.now());
    logger.info('request', { route, status, latencyMs, userId: routeState(request.context).viewer?.userId });
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
    publishMetrics({ route, status: String(status) });
    const id = correlationId();
    if (request.response && id) request.response.headers = { ...request.response.headers, [CORRELATION_HEADER]: id };
    endInvocation();
  };
  return {
    before: async (request) => {
      startedAt.set(request, Date.now());
      await startInvocation(request.context);
      setCorrelationId(correlationIdOf(request));
    },
    after: async (request) => done(request),
    onError: async (request) => done(request),
  };
}
