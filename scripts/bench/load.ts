import { percentile } from './cold-start.ts';

export interface LoadRequest {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
  /** The status a correct answer has; anything else counts as an error. */
  expect: number;
}

export interface LoadResult {
  clients: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstErrors: string[];
}

/**
 * `clients` concurrent clients, each sending the next request of `pick()` as soon as the last one answered,
 * until `seconds` have passed. Bounded in time and sent only to the local stack.
 */
export async function loadRun(apiUrl: string, clients: number, seconds: number, pick: () => LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const request = pick();
      const startedAt = performance.now();
      try {
        const response = await fetch(`${apiUrl}${request.path}`, {
          method: request.method,
          headers: {
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
            ...(request.token && { authorization: `Token ${request.token}` }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        latencies.push(performance.now() - startedAt);
        if (response.status !== request.expect) {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(`${request.method} ${request.path} -> ${response.status} ${text.slice(0, 200)}`);
        }
      } catch (error) {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push(`${request.method} ${request.path} -> ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - startedAt) / 1000;
  return {
    clients,
    seconds: elapsed,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    firstErrors,
  };
}
