import { isIP } from 'node:net';
import { blockedReason } from '#lib/webhooks/address-guard';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why `text` cannot be a webhook endpoint, or undefined: https only, no credentials in it, no address the
 * SSRF guard refuses written as the host. At stage local (`local`), also http://127.0.0.1, localhost or [::1],
 * for a developer's receiver. A name is checked again where it matters, at every send, on what it resolves to.
 */
export function endpointUrlProblem(text: string, local: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  const localReceiver = local && LOCAL_HOSTS.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:');
  if (localReceiver) return undefined;
  if (url.protocol !== 'https:') return local ? 'must be https (or http://127.0.0.1 at stage local)' : 'must be https';
  if (url.username || url.password) return 'must not contain credentials';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this host';
  const reason = isIP(host) ? blockedReason(host) : undefined;
  return reason && `must not point at a ${reason} address`;
}
