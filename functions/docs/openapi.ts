import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { route } from '#lib/http/route';
import { OpenApiDocument } from '#lib/openapi/document';

let document: typeof OpenApiDocument._zod.input | undefined;

// GET /api/openapi.json: the OpenAPI 3.1 document made from every route's declaration. `npm run openapi` writes it to
// docs/openapi.json (tests/unit/openapi/document.test.ts fails when that file is not the current document), and this
// function serves that file, packaged beside it: building the document here would bundle every handler's
// schemas into this one function (617 KiB, 1.85× the floor bundle).
export const handler = route({ auth: 'none', response: OpenApiDocument, extension: true }, async () => {
  document ??= JSON.parse(readFileSync(join(process.cwd(), 'docs/openapi.json'), 'utf8')) as typeof OpenApiDocument._zod.input;
  return document;
});
