import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFound } from '#lib/errors';
import { Content } from '#lib/http/content';

// The API docs page (GET /api/docs): Swagger UI from the swagger-ui-dist package, served by the API itself, reading
// /api/openapi.json. Every URL is relative to the page, so it works behind npm start and API Gateway alike.

/** Only our own scripts and styles; images inline as data: (Swagger UI's icons); requests to this API only. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Conduit API</title>
    <link rel="stylesheet" href="docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/init.js"></script>
  </body>
</html>
`;

// An inline script would need 'unsafe-inline' in the policy, so the set-up is a file of its own. RealWorld's scheme
// is `Authorization: Token <jwt>`: a bare token pasted into "Authorize" gets the prefix.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    requestInterceptor: function (request) {
      var token = request.headers.Authorization;
      if (token && !/^(Token|Bearer)\\s/i.test(token)) request.headers.Authorization = 'Token ' + token;
      return request;
    },
  });
});
`;

/** Files of swagger-ui-dist the page loads, packaged with the docs function (serverless.yml, `package.patterns`). */
const PACKAGED: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export const DOCS_ASSET_TYPES = [...new Set(['text/javascript; charset=utf-8', ...Object.values(PACKAGED)])];

const CACHE = { 'cache-control': 'public, max-age=3600' };
const cached = new Map<string, Content>();

/**
 * A file the page loads. Lambda runs a function with its package as the working directory, and npm start runs
 * serverless offline from the repository: either way swagger-ui-dist is at node_modules/ under it.
 */
export function docsAsset(file: string): Content {
  if (file === 'init.js') return new Content('text/javascript; charset=utf-8', INIT_SCRIPT, CACHE);
  const contentType = Object.hasOwn(PACKAGED, file) ? PACKAGED[file] : undefined;
  if (!contentType) throw new NotFound('file');
  let content = cached.get(file);
  if (!content) {
    const bytes = readFileSync(join(process.cwd(), 'node_modules/swagger-ui-dist', file));
    content = new Content(contentType, contentType.startsWith('text/') ? bytes.toString('utf8') : bytes, CACHE);
    cached.set(file, content);
  }
  return content;
}
