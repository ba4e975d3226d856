import { isIP } from 'node:net';

// The SSRF guard: a webhook is sent only to an address on the public internet. Checked at every send, on the
// addresses the name resolves to then (DNS can change after registration), and the request connects to the
// address checked, never resolving the name again.

type Range = readonly [prefix: readonly number[], bits: number, reason: string];

const v4: Range[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared (CGNAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const v6: Range[] = [
  [[], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x01, 0x00], 64, 'discard'],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'NAT64 local use'],
  [[0x20, 0x01, 0x00, 0x00], 23, 'reserved'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  // 6to4 tunnels to an IPv4 address of its own choosing; deprecated (RFC 7526).
  [[0x20, 0x02], 16, '6to4'],
  [[0xfc], 7, 'unique local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
];

/** IPv6 prefixes that carry an IPv4 address in their last 4 bytes: judged by that address. */
const embedsIpv4: [prefix: readonly number[], bits: number][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96], // IPv4-mapped ::ffff:a.b.c.d
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96], // IPv4-compatible ::a.b.c.d (deprecated)
  [[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96], // NAT64 64:ff9b::a.b.c.d
];

const inPrefix = (bytes: readonly number[], prefix: readonly number[], bits: number) => {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] ?? 0) & mask) !== ((prefix[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
};

const ipv4Bytes = (address: string) => address.split('.').map(Number);

function ipv6Bytes(address: string): number[] {
  let [text = ''] = address.split('%');
  const dotted = text.lastIndexOf(':');
  if (text.includes('.', dotted)) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(text.slice(dotted + 1));
    text = `${text.slice(0, dotted + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const all = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** Why an address must not be sent to (loopback, private, link-local, ...), or undefined when it is public. */
export function blockedReason(address: string): string | undefined {
  const [withoutZone = ''] = address.split('%');
  const family = isIP(withoutZone);
  if (family === 4) return v4.find(([prefix, bits]) => inPrefix(ipv4Bytes(address), prefix, bits))?.[2];
  if (family !== 6) return 'not an IP address';
  const bytes = ipv6Bytes(address);
  if (embedsIpv4.some(([prefix, bits]) => inPrefix(bytes, prefix, bits)) && !bytes.slice(0, 15).every((byte) => byte === 0)) {
    const embedded = bytes.slice(12).join('.');
    const reason = blockedReason(embedded);
    return reason && `${reason} (${embedded} inside IPv6)`;
  }
  return v6.find(([prefix, bits]) => inPrefix(bytes, prefix, bits))?.[2];
}

export const isLoopback = (address: string) => blockedReason(address) === 'loopback';

/** The address a name resolved to, as dns.lookup gives it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

/** A target the guard refused: the message says why, for the delivery's record. */
export class BlockedTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedTarget';
  }
}

/**
 * The one address to connect to for `hostname`: every address it resolves to must be public (one private
 * answer among public ones is refused too, so which one the client picks cannot matter). Loopback is allowed
 * only when `allowLoopback` (stage local, for a developer's receiver).
 */
export async function deliverableAddress(hostname: string, resolve: Resolve, allowLoopback = false): Promise<ResolvedAddress> {
  const literal = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(literal);
  const addresses = family ? [{ address: literal, family }] : await resolve(literal);
  const [first] = addresses;
  if (!first) throw new BlockedTarget(`${hostname} resolves to no address`);
  for (const { address } of addresses) {
    const reason = blockedReason(address);
    if (reason && !(allowLoopback && reason === 'loopback')) throw new BlockedTarget(`${hostname} resolves to ${address}: ${reason}`);
  }
  return first;
}
