import * as z from 'zod/mini';
import { type DeclaredSpec, routeContract } from '#lib/openapi/contract';
import { ErrorResponse } from '#lib/schemas/responses';

/** A handler made by route(): its declaration rides along. */
export const declarationOf = (handler: unknown): DeclaredSpec | undefined =>
  typeof handler === 'function' && 'spec' in handler ? (handler.spec as DeclaredSpec) : undefined;

interface Answer {
  statusCode?: number;
  headers?: Record<string, unknown>;
  body?: string;
}

/**
 * What is wrong with an answer, measured against the route's declaration (the same contract the OpenAPI document
 * is made from): a success must be the declared status with the declared body, an error one of the statuses the
 * route declares or its middleware may give, in RealWorld's shape. A 5xx is a fault, not part of any contract:
 * the tests that provoke one (or must never see one) say so themselves.
 */
export function contractProblems(spec: DeclaredSpec, answer: Answer): string[] {
  const contract = routeContract(spec);
  const status = answer.statusCode ?? 200;
  if (status >= 500) return [];
  const contentType = String(answer.headers?.['content-type'] ?? '');
  const json = () => {
    try {
      return { value: JSON.parse(answer.body ?? '') as unknown };
    } catch {
      return undefined;
    }
  };
  const mismatch = (schema: z.core.$ZodType, what: string) => {
    const parsed = json();
    if (!parsed) return [`${what}: the body is not JSON: ${answer.body?.slice(0, 200)}`];
    const result = z.safeParse(schema, parsed.value);
    return result.success ? [] : [`${what} does not match its schema: ${z.prettifyError(result.error)}\n${answer.body?.slice(0, 500)}`];
  };
  if (status >= 400) {
    if (!contract.errorStatuses.includes(status))
      return [`answered ${status}, which the route does not declare (it may answer ${contract.errorStatuses.join(', ')})`];
    return mismatch(ErrorResponse, `the ${status} answer`);
  }
  if (status !== contract.status) return [`answered ${status}; the route declares ${contract.status}`];
  if (status === 204) return answer.body ? ['answered 204 with a body'] : [];
  if (contract.produces) {
    return contract.produces.some((type) => contentType.startsWith(type.split(';')[0] ?? type))
      ? []
      : [`answered ${contentType}; the route declares ${contract.produces.join(', ')}`];
  }
  if (!contract.response) return ['declares no response schema'];
  return mismatch(contract.response, `the ${status} answer`);
}

/** Fails the test that received an answer its route's declaration does not allow. */
export function assertAnswerMatchesContract(spec: DeclaredSpec, answer: Answer, routeKey = ''): void {
  const problems = contractProblems(spec, answer);
  if (problems.length > 0) throw new Error(`${routeKey}: the answer breaks the route's declared contract:\n- ${problems.join('\n- ')}`);
}
