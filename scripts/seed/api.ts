/** A request the API answered with an error (status 0: no answer at all), kept whole for the report. */
export class ApiError extends Error {
  constructor(
    readonly request: string,
    readonly requestBody: unknown,
    readonly status: number,
    readonly responseBody: string,
  ) {
    super(`${request} -> ${status || 'no response'} ${responseBody.slice(0, 200)}`);
    this.name = 'ApiError';
  }
}

/** serverless offline answers a handler that crashed or timed out with a 200 carrying this shape. */
const isLambdaFailure = (text: string) => text.startsWith('{"errorMessage"') || text.startsWith('{"errorType"');

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Api = <T>(method: Method, path: string, options?: { body?: unknown; token?: string }) => Promise<T>;

// Registration hashes with scrypt on a busy laptop; anything slower than this is stuck, not slow.
const REQUEST_TIMEOUT_MS = 60_000;

/** JSON over HTTP against `baseUrl` (which ends in /api); any non-2xx answer throws an ApiError. */
export function apiClient(baseUrl: string): Api {
  return async <T>(method: Method, path: string, options: { body?: unknown; token?: string } = {}) => {
    const request = `${method} ${baseUrl}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Token ${options.token}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new ApiError(request, options.body, 0, cause);
    }
    if (!response.ok || isLambdaFailure(text)) throw new ApiError(request, options.body, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Fails with what to do about it when nothing answers at `baseUrl`, or something that is not the API does. */
export async function assertReachable(baseUrl: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/tags`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new Error(
      `cannot reach the Conduit API at ${baseUrl} (${cause}).\nStart it with \`npm start\` in another terminal, or set API_URL to where it runs.`,
    );
  }
  const body = await response.text();
  if (!response.ok || !body.includes('"tags"')) {
    throw new Error(`${baseUrl}/tags answered ${response.status} ${body.slice(0, 200)}: is API_URL the API's base URL (ending in /api)?`);
  }
}
