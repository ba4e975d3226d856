import { DOCS_CSP, DOCS_PAGE } from '#lib/docs/page';
import { Content } from '#lib/http/content';
import { route } from '#lib/http/route';

// GET /api/docs: the API's documentation, where a request can be tried with a token.
export const handler = route(
  { auth: 'none', produces: ['text/html'], extension: true, contentSecurityPolicy: DOCS_CSP },
  async () => new Content('text/html; charset=utf-8', DOCS_PAGE),
);
