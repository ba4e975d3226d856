import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpErrorOf } from '#lib/http/errors';
import type { RouteMiddleware } from '#lib/http/route-state';
import { correlationId, logger } from '#lib/powertools';

/**
 * The one place errors become responses: the app's errors get their status (lib/http/errors.ts) and field
 * errors; anything else is a 500 that names the correlation id (the x-correlation-id header: it finds the log
 * lines) and nothing of the internals.
 */
export function errorResponse(): RouteMiddleware {
  return {
    onError: async (request) => {
      const { error } = request;
      const httpError = httpErrorOf(error);
      if (httpError) {
        request.response = json(httpError.statusCode, { errors: httpError.errors }, httpError.headers);
        return;
      }
      const requestId = correlationId() ?? request.context.awsRequestId;
      logger.error('unhandled error', {
        route: request.event.routeKey,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      });
      request.response = json(500, { errors: { server: [`unexpected error, request id ${requestId}`] } });
    },
  };
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});
