import { describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../../lib/docs/page.ts';
import { request } from '../support/conduit.ts';

const asset = (file: string) => request('GET /api/docs/{file}', { pathParameters: { file } });

describe('GET /api/docs', () => {
  it('answers the Swagger UI page, whose every URL is relative to it', async () => {
    const response = await request('GET /api/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const urls = [...String(response.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls.sort()).toEqual(['docs/favicon-32x32.png', 'docs/init.js', 'docs/swagger-ui-bundle.js', 'docs/swagger-ui.css']);
  });

  it('allows the page our own scripts, styles and requests only: no inline script, nothing from elsewhere, never framed', async () => {
    const response = await request('GET /api/docs');
    expect(response.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self'");
    expect(DOCS_CSP).toContain("frame-ancestors 'none'");
    expect(DOCS_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(String(response.body)).not.toMatch(/<script>|<style|https?:\/\//);
  });
});

describe('GET /api/docs/{file}', () => {
  it('answers the page’s scripts and styles from swagger-ui-dist, and its set-up script, which reads ../openapi.json', async () => {
    const [bundle, css, init, icon] = await Promise.all([asset('swagger-ui-bundle.js'), asset('swagger-ui.css'), asset('init.js'), asset('favicon-32x32.png')]);
    expect(bundle).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(String(bundle.body)).toContain('SwaggerUIBundle');
    expect(css).toMatchObject({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8' } });
    expect(init).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(String(init.body)).toContain("url: 'openapi.json'");
    expect(icon).toMatchObject({ status: 200, headers: { 'content-type': 'image/png' } });
    expect(Buffer.from(String(icon.body), 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it.each(['index.html', '../../package.json', '..%2F..%2Fpackage.json', 'swagger-ui-bundle.js.map', 'constructor'])(
    'answers 404 errors.file for %j, a file the page does not load',
    async (file) => {
      const response = await asset(file);
      expect(response).toMatchObject({ status: 404, body: { errors: { file: ['not found'] } } });
    },
  );
});
