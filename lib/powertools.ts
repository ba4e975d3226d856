import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

// The shared instruments (Powertools for AWS Lambda), created once per container: a structured JSON logger
// with the Lambda context and cold-start flag, CloudWatch metrics in the embedded metric format (written to
// stdout, turned into metrics by CloudWatch Logs), and an X-Ray tracer that only exists where tracing is on.

const SERVICE = 'conduit';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
const logLevelOf = (value: string | undefined) => LEVELS.find((level) => level === value?.toUpperCase());

// Keys whose values never reach a log line, wherever they appear.
const secretKeys = /^(password|passwordhash|token|authorization|jwt|secret)$/i;

/** LOG_LEVEL (serverless.yml) sets the level; every line carries the service, and `addContext` adds the invocation's. */
export const logger = new Logger({
  serviceName: SERVICE,
  // Passed on rather than left to Logger, which reads LOG_LEVEL only in capitals and ignores `info` or `warn`.
  logLevel: logLevelOf(process.env.LOG_LEVEL),
  jsonReplacerFn: (key: string, value: unknown) => (secretKeys.test(key) ? '[redacted]' : value),
});

/** Namespace `Conduit`, dimensions `service` and `Stage` on every metric (ParkedDeliveriesAlarm and the dashboard use both). */
export const metrics = new Metrics({ namespace: 'Conduit', serviceName: SERVICE, defaultDimensions: { Stage: process.env.STAGE ?? 'local' } });

export { MetricUnit };

/**
 * Writes the metrics recorded so far as one EMF line, with these dimensions on top of the default ones; the
 * dimensions are dropped with them. Synchronous, so concurrent local invocations never mix their metrics.
 */
export function publishMetrics(dimensions: Record<string, string> = {}): void {
  if (!metrics.hasStoredMetrics()) return;
  metrics.addDimensions(dimensions);
  if (logger.getCorrelationId()) metrics.addMetadata('correlation_id', String(logger.getCorrelationId()));
  metrics.publishStoredMetrics();
}

/**
 * The correlation id of what this invocation is doing now: the API Gateway request id of an HTTP request, or
 * the id a queue message carries from the request that caused it. Every log line carries it as `correlation_id`,
 * and every message sent meanwhile carries it on.
 */
export const correlationId = (): string | undefined => {
  const id = logger.getCorrelationId();
  return typeof id === 'string' ? id : undefined;
};

/** Sets (or, with undefined, drops) the correlation id for the lines and messages that follow. */
export function setCorrelationId(id: string | undefined): void {
  if (id) logger.setCorrelationId(id);
  else logger.removeKeys(['correlation_id']);
}

let tracer: Tracer | undefined;
let tracerLoading: Promise<void> | undefined;

/** POWERTOOLS_TRACE_ENABLED is set by serverless.yml: true on deployed stages, false at stage local. */
const tracingEnabled = () => process.env.POWERTOOLS_TRACE_ENABLED === 'true';

/**
 * The start of every invocation: the Lambda context on the log lines (request id, function, cold start), and
 * where tracing is on, the tracer loaded before any SDK client is created. The tracer and the X-Ray SDK come
 * from the Powertools Lambda layer (serverless.yml), not the bundles: they are never loaded where tracing is off.
 */
export async function startInvocation(context?: Partial<Context>): Promise<void> {
  if (context?.awsRequestId && context.functionName) logger.addContext(context as Context);
  if (!tracingEnabled()) return;
  tracerLoading ??= import('@aws-lambda-powertools/tracer').then((module) => {
    tracer = new module.Tracer({ serviceName: SERVICE });
  });
  await tracerLoading;
}

/** X-Ray subsegments for every call of an AWS SDK client, where tracing is on; the client unchanged elsewhere. */
export function traced<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

/** The end of every invocation: per-invocation log keys (the correlation id among them) are dropped. */
export function endInvocation(): void {
  logger.resetKeys();
}
