// npm run openapi: writes the OpenAPI document the API serves at /api/openapi.json to docs/openapi.json, so the
// contract can be read, diffed and reviewed without a running stack (tests/unit/openapi/document.test.ts keeps it
// current). Formatted as the rest of the repository (Biome), so `npm run lint` passes over it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { routeTable } from '../functions/routes.ts';
import { openApiDocument } from '../lib/openapi/document.ts';
import { binary, fromRepo, repoRoot } from './local/repo.ts';

export const OPENAPI_FILE = 'docs/openapi.json';

export const currentOpenApiDocument = () => openApiDocument(routeTable);

if (process.argv[1] === import.meta.filename) {
  writeFileSync(fromRepo(OPENAPI_FILE), `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`);
  execFileSync(binary('biome'), ['format', '--write', OPENAPI_FILE], { cwd: repoRoot, stdio: 'ignore' });
  console.log(`wrote ${OPENAPI_FILE}`);
}
