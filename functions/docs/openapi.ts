import { route } from '#lib/http/route';
import { OpenApiDocument, openApiDocument } from '#lib/openapi/document';

let document: Record<string, unknown> | undefined;

// GET /api/openapi.json: the OpenAPI 3.1 document, made once per container from every route's declaration.
export const handler = route({ auth: 'none', response: OpenApiDocument, extension: true }, async () => {
  // Loaded on first use: the route table imports every handler, this one included.
  const { routeTable } = await import('../routes.ts');
  document ??= openApiDocument(routeTable);
  return document as typeof OpenApiDocument._zod.input;
});
