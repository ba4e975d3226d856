import { DOCS_ASSET_TYPES, DOCS_CSP, docsAsset } from '#lib/docs/page';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { AssetParams } from '#lib/schemas/docs';

// GET /api/docs/{file}: the docs page's scripts and styles.
export const handler = route(
  { auth: 'none', params: AssetParams, errors: [NotFound], produces: DOCS_ASSET_TYPES, extension: true, contentSecurityPolicy: DOCS_CSP },
  async ({ params }) => docsAsset(params.file),
);
