import { randomInt } from 'node:crypto';
import { fromRepo } from '../../../scripts/local/repo.ts';
import { type HandlerResponse, type HttpEventInput, httpEvent, lambdaContext } from '../../support/http-event.ts';
import { type Route, routes } from './conduit.ts';

/** An address no other test uses (TEST-NET and documentation ranges would do as well; these are random). */
export const freshAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Like conduit.ts's request(), but from `sourceIp`, as API Gateway reports the caller's address. */
export async function requestFrom<T = any>(
  sourceIp: string,
  route: Route,
  input: Omit<HttpEventInput, 'routeKey' | 'method' | 'path'> = {},
): Promise<HandlerResponse<T>> {
  const definition = routes[route];
  if (!definition) throw new Error(`serverless.yml declares no route ${route}`);
  const module: Record<string, unknown> = await import(/* @vite-ignore */ fromRepo(`${definition.file}.ts`));
  const handler = module[definition.exportName];
  if (typeof handler !== 'function') throw new Error(`${definition.file}.ts exports no handler`);
  const event = httpEvent({ ...input, routeKey: route });
  event.requestContext.http.sourceIp = sourceIp;
  const result = await handler(event, lambdaContext());
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, body: result.body ? JSON.parse(result.body) : undefined };
}
