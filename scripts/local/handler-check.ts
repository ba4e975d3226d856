import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { fromRepo, repoRoot } from './repo.ts';
import type { Invoke } from './sqs.ts';

/**
 * The local stack's start-up check: before `npm start` says the API is up, every function it serves is
 * loaded from the very artifact serverless offline runs, every route answers a harmless request with a
 * RealWorld answer, and every queue consumer answers an empty batch. Any failure names the function.
 */

interface FunctionEvent {
  httpApi?: { method?: string; path?: string };
  sqs?: unknown;
  schedule?: unknown;
}

export interface DeclaredFunction {
  key: string;
  /** `functions/users/register.handler` */
  handler: string;
  route?: { method: string; path: string };
  consumesQueue: boolean;
}

/** The functions serverless.yml declares, with the HTTP route or queue each serves. */
export function declaredFunctions(serverlessYml: Record<string, unknown>): DeclaredFunction[] {
  const functions = (serverlessYml.functions ?? {}) as Record<string, { handler: string; events?: FunctionEvent[] }>;
  return Object.entries(functions).map(([key, fn]) => {
    const http = fn.events?.find((event) => event.httpApi)?.httpApi;
    return {
      key,
      handler: fn.handler,
      ...(http?.method && http.path && { route: { method: http.method.toUpperCase(), path: http.path } }),
      consumesQueue: Boolean(fn.events?.some((event) => event.sqs)),
    };
  });
}

/** Where serverless-esbuild puts a function's bundle inside its work folder (`format: cjs`, `.cjs`). */
export const bundleOf = (workFolder: string, handler: string) => fromRepo(workFolder, '.build', `${handler.slice(0, handler.lastIndexOf('.'))}.cjs`);

export interface HandlerFailure {
  functionKey: string;
  problem: string;
}

/**
 * Requires every bundle in one fresh Node process with the handlers' environment: a module that throws
 * while loading (a wrong import, an interop mistake, a configuration error) is reported by name.
 */
export async function loadEveryBundle(functions: DeclaredFunction[], workFolder: string, env: NodeJS.ProcessEnv): Promise<HandlerFailure[]> {
  const bundles = functions.map((fn) => ({ key: fn.key, file: bundleOf(workFolder, fn.handler) }));
  const present = bundles.filter((bundle) => existsSync(bundle.file));
  const missing = bundles.filter((bundle) => !present.includes(bundle)).map((bundle) => ({ functionKey: bundle.key, problem: `no bundle at ${bundle.file}` }));
  const loader = `
    const bundles = JSON.parse(process.argv[1]);
    const failures = [];
    for (const { key, file } of bundles) {
      try {
        const exported = require(file);
        if (typeof exported.handler !== 'function') failures.push({ functionKey: key, problem: 'exports no handler function' });
      } catch (error) {
        failures.push({ functionKey: key, problem: 'cannot be loaded: ' + (error && error.stack ? error.stack.split('\\n').slice(0, 3).join(' | ') : String(error)) });
      }
    }
    process.stdout.write(JSON.stringify(failures));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', loader, JSON.stringify(present)], { cwd: repoRoot, env, maxBuffer: 10 * 1024 * 1024 });
  return [...missing, ...(JSON.parse(stdout) as HandlerFailure[])];
}

const PROBE_PARAMETER = 'startup-check-0000000000000';

/**
 * A request each route must refuse or answer without writing anything: no token, an empty JSON body,
 * path parameters that name nothing.
 */
export function probeRequest(route: { method: string; path: string }): { method: string; path: string; body?: string } {
  const path = route.path.replace(/\{[^}]+\}/g, PROBE_PARAMETER);
  return route.method === 'POST' || route.method === 'PUT' ? { method: route.method, path, body: '{}' } : { method: route.method, path };
}

/**
 * What a route's answer must be: a RealWorld JSON answer, never a 5xx or the Lambda error document. A success that
 * says it is not JSON (the docs page and its assets) only has to have a body.
 */
export function judgeAnswer(status: number, body: string, contentType = 'application/json'): string | undefined {
  if (status === 204 && body === '') return undefined;
  if (status >= 200 && status < 300 && !contentType.startsWith('application/json'))
    return body === '' ? `answered ${status} ${contentType} with no body` : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `answered ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  const document = parsed as Record<string, unknown> | null;
  if (status >= 500 || document === null || typeof document !== 'object' || 'errorMessage' in document) {
    return `answered ${status}: ${body.slice(0, 500)}`;
  }
  if (status >= 400) {
    const errors = document.errors as Record<string, unknown> | undefined;
    const wellFormed = errors && typeof errors === 'object' && Object.values(errors).every((messages) => Array.isArray(messages));
    if (!wellFormed) return `answered ${status} without the RealWorld error shape: ${body.slice(0, 200)}`;
  }
  return undefined;
}

/** Sends each route its probe through the API as a client would reach it, all at once. */
export async function probeEveryRoute(functions: DeclaredFunction[], apiOrigin: string): Promise<HandlerFailure[]> {
  const failures: HandlerFailure[] = [];
  const probeRoute = async (fn: DeclaredFunction & { route: { method: string; path: string } }) => {
    const probe = probeRequest(fn.route);
    try {
      const response = await fetch(`${apiOrigin}${probe.path}`, {
        method: probe.method,
        headers: probe.body ? { 'content-type': 'application/json' } : {},
        body: probe.body,
        signal: AbortSignal.timeout(30_000),
      });
      const problem = judgeAnswer(response.status, await response.text(), response.headers.get('content-type') ?? undefined);
      if (problem) failures.push({ functionKey: fn.key, problem: `${probe.method} ${probe.path} ${problem}` });
    } catch (error) {
      failures.push({ functionKey: fn.key, problem: `${probe.method} ${probe.path} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  await Promise.all(functions.flatMap((fn) => (fn.route ? [probeRoute({ ...fn, route: fn.route })] : [])));
  return failures;
}

/** Hands each queue consumer an empty batch through the Lambda API that the queue poller uses. */
export async function probeEveryConsumer(functions: DeclaredFunction[], invoke: Invoke): Promise<HandlerFailure[]> {
  const failures: HandlerFailure[] = [];
  for (const fn of functions.filter((declared) => declared.consumesQueue)) {
    try {
      const answer = await invoke(fn.key, { Records: [] });
      if (!answer || !Array.isArray(answer.batchItemFailures) || answer.batchItemFailures.length > 0) {
        failures.push({ functionKey: fn.key, problem: `answered an empty batch with ${JSON.stringify(answer)}` });
      }
    } catch (error) {
      failures.push({ functionKey: fn.key, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}

export class HandlersBroken extends Error {
  constructor(readonly failures: HandlerFailure[]) {
    super(`${failures.length} function(s) do not work:\n${failures.map((failure) => `  - ${failure.functionKey}: ${failure.problem}`).join('\n')}`);
  }
}
