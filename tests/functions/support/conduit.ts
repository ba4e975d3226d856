import { fromRepo } from '../../../scripts/local/repo.ts';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';
import { type HandlerResponse, type HttpEventInput, type HttpHandler, invoke } from '../../support/http-event.ts';

interface FunctionDefinition {
  handler: string;
  events?: { httpApi?: { method: string; path: string } }[];
}

/** A route as API Gateway names it: `POST /api/articles/{slug}/favorite`. */
export type Route = string;

/** Every HTTP route serverless.yml declares, with the handler file it names: the route table is declared there, once. */
export const routes: Record<Route, { file: string; exportName: string }> = Object.fromEntries(
  Object.values(readServerlessYml().functions as Record<string, FunctionDefinition>).flatMap((fn) =>
    (fn.events ?? []).flatMap((event) =>
      event.httpApi
        ? [
            [
              `${event.httpApi.method} ${event.httpApi.path}`,
              { file: fn.handler.slice(0, fn.handler.lastIndexOf('.')), exportName: fn.handler.slice(fn.handler.lastIndexOf('.') + 1) },
            ],
          ]
        : [],
    ),
  ),
);

const isHandler = (value: unknown): value is HttpHandler => typeof value === 'function';
const handlers = new Map<Route, Promise<HttpHandler>>();

/** The handler serverless.yml names for a route, imported on first use. */
function handlerOf(route: Route): Promise<HttpHandler> {
  let handler = handlers.get(route);
  if (!handler) {
    const definition = routes[route];
    if (!definition) throw new Error(`serverless.yml declares no route ${route}`);
    handler = import(/* @vite-ignore */ fromRepo(`${definition.file}.ts`)).then((module: Record<string, unknown>) => {
      const exported = module[definition.exportName];
      if (!isHandler(exported)) throw new Error(`${definition.file}.ts exports no handler ${definition.exportName}`);
      return exported;
    });
    handlers.set(route, handler);
  }
  return handler;
}

/**
 * Invokes the handler of `route` with the event API Gateway would send for it, e.g.
 * `request('GET /api/articles/{slug}', { pathParameters: { slug }, token })`.
 */
export async function request<T = any>(route: Route, input: Omit<HttpEventInput, 'routeKey' | 'method' | 'path'> = {}): Promise<HandlerResponse<T>> {
  return invoke<T>(await handlerOf(route), { ...input, routeKey: route });
}
