import type { RouteMiddleware, RouteRequest } from '#lib/http/route-state';

/**
 * Headers every answer carries, errors included (OWASP's REST security cheat sheet for JSON APIs): the body
 * is never sniffed as anything but its type, never framed, never a document that may load anything, and no
 * referrer leaves with a link followed from it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

/** `contentSecurityPolicy` replaces the default policy for a route that serves a page (the API docs). */
export function securityHeaders(options: { contentSecurityPolicy?: string } = {}): RouteMiddleware {
  const headers = options.contentSecurityPolicy ? { ...SECURITY_HEADERS, 'content-security-policy': options.contentSecurityPolicy } : SECURITY_HEADERS;
  const add = (request: RouteRequest) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...headers };
  };
  return { after: async (request) => add(request), onError: async (request) => add(request) };
}
