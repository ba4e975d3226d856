import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { routeTable } from '../../../functions/routes.ts';
import { openApiDocument } from '../../../lib/openapi/document.ts';
import { fromRepo } from '../../../scripts/local/repo.ts';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';
import { currentOpenApiDocument, OPENAPI_FILE } from '../../../scripts/openapi.ts';
import { locateSuites } from '../../../scripts/suites/locate.ts';
import { compatibilityProblems, type OpenApi, unmarkedExtensions } from './compatibility.ts';

interface FunctionDefinition {
  handler: string;
  events?: { httpApi?: { method: string; path: string } }[];
}

const document = openApiDocument(routeTable) as unknown as OpenApi;

// Official statuses this API never answers, so its routes do not declare them; anything else missing fails.
const NEVER_ANSWERED: Record<string, string> = {
  'POST /articles 409: missing': 'a slug ends in the new article’s own id, so no title can conflict with another article',
};

describe('the OpenAPI document, made from the routes’ declarations', () => {
  it('lists every HTTP route serverless.yml deploys, with the handler of the file it names', async () => {
    const functions = readServerlessYml().functions as Record<string, FunctionDefinition>;
    const deployed = Object.entries(functions).flatMap(([key, fn]) =>
      (fn.events ?? []).flatMap((event) => (event.httpApi ? [{ key, fn, ...event.httpApi }] : [])),
    );
    expect(routeTable.map((route) => `${route.operationId} ${route.method} ${route.path}`).sort()).toEqual(
      deployed.map((route) => `${route.key} ${route.method} ${route.path}`).sort(),
    );
    for (const { key, fn } of deployed) {
      const module: { handler: { spec: unknown } } = await import(/* @vite-ignore */ fromRepo(`${fn.handler.replace(/\.handler$/, '')}.ts`));
      expect(routeTable.find((route) => route.operationId === key)?.spec, `${key}: the table holds another handler's declaration`).toBe(module.handler.spec);
    }
  });

  it('has every route declare what it answers: a response schema, 204, or the media types it produces', () => {
    const undeclared = routeTable.filter(({ spec }) => !spec.response && spec.status !== 204 && !spec.produces).map((route) => route.operationId);
    expect(undeclared).toEqual([]);
  });

  it('is valid OpenAPI 3.1', async () => {
    const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');
  });

  it(`is what ${OPENAPI_FILE} holds (npm run openapi writes it)`, () => {
    expect(JSON.parse(readFileSync(fromRepo(OPENAPI_FILE), 'utf8')), `${OPENAPI_FILE} is out of date: npm run openapi`).toEqual(currentOpenApiDocument());
  });

  describe('against the official RealWorld document', () => {
    const suites = locateSuites();
    const official = 'found' in suites ? (parse(readFileSync(join(suites.found.brunoCollection, '..', 'openapi.yml'), 'utf8')) as OpenApi) : undefined;
    const skip = !official && process.env.CI !== 'true';
    if (!official)
      console.warn(
        `official openapi.yml NOT FOUND (${'missing' in suites ? suites.missing : ''}): the compatibility checks ${skip ? 'are skipped' : 'fail under CI=true'}`,
      );

    it.skipIf(skip)('has every official path, method, status, parameter and schema, compatibly', () => {
      if (!official) throw new Error('the official openapi.yml is needed under CI=true');
      expect(compatibilityProblems(official, document).filter((problem) => !Object.hasOwn(NEVER_ANSWERED, problem))).toEqual([]);
    });

    it.skipIf(skip)('marks every operation and parameter beyond the official document with x-extension', () => {
      if (!official) throw new Error('the official openapi.yml is needed under CI=true');
      expect(unmarkedExtensions(official, document)).toEqual([]);
    });
  });
});
