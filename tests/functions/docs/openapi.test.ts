import { describe, expect, it } from 'vitest';
import { routeTable } from '../../../functions/routes.ts';
import { openApiDocument } from '../../../lib/openapi/document.ts';
import { request } from '../support/conduit.ts';

describe('GET /api/openapi.json', () => {
  it('answers the OpenAPI document made from every route’s declaration, with no token', async () => {
    const response = await request('GET /api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual(openApiDocument(routeTable));
    expect(Object.keys(response.body.paths)).toContain('/articles/{slug}/favorite');
  });
});
