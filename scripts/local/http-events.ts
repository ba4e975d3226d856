/** The parts of an API Gateway HTTP API (payload 2.0) event that filling in a sample event touches. */
export interface HttpApiEvent {
  rawPath: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
  requestContext: { http: { path: string } };
}

/** The event with its token and path parameters replaced; the path changes with them, as API Gateway's would. */
export function eventWith(event: HttpApiEvent, token: string | undefined, params: [string, string][]): HttpApiEvent {
  let path = event.rawPath;
  const pathParameters = { ...event.pathParameters };
  for (const [name, value] of params) {
    const current = pathParameters[name];
    if (current === undefined) throw new Error(`the event has no path parameter "${name}"`);
    path = path.replace(`/${encodeURIComponent(current)}`, `/${encodeURIComponent(value)}`);
    pathParameters[name] = value;
  }
  const headers = { ...event.headers, ...(token && { authorization: `Token ${token}` }) };
  return { ...event, rawPath: path, headers, pathParameters, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } } };
}
