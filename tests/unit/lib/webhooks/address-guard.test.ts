import { describe, expect, it } from 'vitest';
import { blockedReason, deliverableAddress, type Resolve } from '#lib/webhooks/address-guard';
import { endpointUrlProblem } from '#lib/webhooks/url';

// Every range the guard must refuse, with an address at each edge where it has edges.
const blocked: [address: string, reason: string][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.1', 'shared (CGNAT)'],
  ['100.127.255.254', 'shared (CGNAT)'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['100::1', 'discard'],
  ['2001:db8::1', 'documentation'],
  ['2002:7f00:1::', '6to4'],
  ['64:ff9b:1::a00:1', 'NAT64 local use'],
  ['::ffff:127.0.0.1', 'loopback (127.0.0.1 inside IPv6)'],
  ['::ffff:7f00:1', 'loopback (127.0.0.1 inside IPv6)'],
  ['::ffff:169.254.169.254', 'link-local (169.254.169.254 inside IPv6)'],
  ['::ffff:10.1.2.3', 'private (10.1.2.3 inside IPv6)'],
  ['::ffff:192.168.1.1', 'private (192.168.1.1 inside IPv6)'],
  ['::10.0.0.1', 'private (10.0.0.1 inside IPv6)'],
  ['64:ff9b::a9fe:a9fe', 'link-local (169.254.169.254 inside IPv6)'],
];

const allowed = [
  '1.1.1.1',
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '169.253.255.255',
  '172.15.255.255',
  '172.32.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
];

describe('blockedReason', () => {
  it.each(blocked)('refuses %s (%s)', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each(allowed)('allows the public address %s', (address) => {
    expect(blockedReason(address)).toBeUndefined();
  });

  it('refuses what is not an address at all', () => {
    expect(blockedReason('example.com')).toBe('not an IP address');
  });
});

// A resolver stubbed with fixed answers: the one module under test here decides on what a name resolves to.
const resolver =
  (answers: Record<string, string[]>): Resolve =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('deliverableAddress', () => {
  it.each(blocked)('refuses a name that resolves to %s', async (address) => {
    await expect(deliverableAddress('hooks.example.com', resolver({ 'hooks.example.com': [address] }))).rejects.toThrow(/hooks\.example\.com resolves to/);
  });

  it('refuses a name when any one of its addresses is blocked, whichever the client would pick', async () => {
    const resolve = resolver({ 'mixed.example.com': ['93.184.215.14', '10.0.0.5'] });
    await expect(deliverableAddress('mixed.example.com', resolve)).rejects.toThrow('10.0.0.5: private');
  });

  it('gives the first address of a public name, to pin the connection to', async () => {
    const resolve = resolver({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    await expect(deliverableAddress('hooks.example.com', resolve)).resolves.toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('refuses a name that resolves to nothing', async () => {
    await expect(deliverableAddress('void.example.com', resolver({}))).rejects.toThrow('resolves to no address');
  });

  it('judges an IP literal itself, brackets and all, without resolving it', async () => {
    const resolve: Resolve = async () => {
      throw new Error('a literal must not be resolved');
    };
    await expect(deliverableAddress('[::1]', resolve)).rejects.toThrow('loopback');
    await expect(deliverableAddress('169.254.169.254', resolve)).rejects.toThrow('link-local');
    await expect(deliverableAddress('8.8.8.8', resolve)).resolves.toEqual({ address: '8.8.8.8', family: 4 });
  });

  it('allows loopback, and nothing else private, only when asked (stage local)', async () => {
    const resolve = resolver({ localhost: ['127.0.0.1', '::1'], intranet: ['10.0.0.1'] });
    await expect(deliverableAddress('localhost', resolve)).rejects.toThrow('loopback');
    await expect(deliverableAddress('localhost', resolve, true)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(deliverableAddress('intranet', resolve, true)).rejects.toThrow('private');
  });

  it('refuses localhost through the system resolver too', async () => {
    const { lookup } = await import('node:dns/promises');
    await expect(deliverableAddress('localhost', (hostname) => lookup(hostname, { all: true, verbatim: true }))).rejects.toThrow('loopback');
  });
});

describe('endpointUrlProblem', () => {
  it('accepts https URLs with names', () => {
    expect(endpointUrlProblem('https://hooks.example.com/conduit?x=1', false)).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/', 'must be https'],
    ['ftp://hooks.example.com/', 'must be https'],
    ['not a url', 'must be an absolute URL'],
    ['https://user:pass@hooks.example.com/', 'must not contain credentials'],
    ['https://localhost/', 'must not point at this host'],
    ['https://api.localhost/', 'must not point at this host'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a link-local address'],
    ['https://[::ffff:10.0.0.1]/', 'must not point at a private (10.0.0.1 inside IPv6) address'],
    ['http://127.0.0.1:4000/', 'must be https'],
  ])('refuses %s in a deployed stage: %s', (url, problem) => {
    expect(endpointUrlProblem(url, false)).toBe(problem);
  });

  it('accepts http receivers on this machine at stage local only, and no other http', () => {
    expect(endpointUrlProblem('http://127.0.0.1:4000/hooks', true)).toBeUndefined();
    expect(endpointUrlProblem('http://localhost:4000/', true)).toBeUndefined();
    expect(endpointUrlProblem('http://[::1]:4000/', true)).toBeUndefined();
    expect(endpointUrlProblem('http://10.0.0.1/', true)).toBe('must be https (or http://127.0.0.1 at stage local)');
    expect(endpointUrlProblem('http://hooks.example.com/', true)).toBe('must be https (or http://127.0.0.1 at stage local)');
  });
});
