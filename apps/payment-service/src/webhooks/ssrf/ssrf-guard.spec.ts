import { describe, expect, it } from '@jest/globals';

import { assertAllowedTarget, isBlockedAddress, type Resolve } from './ssrf-guard.js';
import { WebhookTargetRefusedError } from './webhook-target.errors.js';

const strict = { allowPrivate: false, allowHttp: false };
const resolvesTo =
  (...addresses: string[]): Resolve =>
  () =>
    Promise.resolve(addresses);

describe(isBlockedAddress.name, () => {
  it.each([
    ['IPv4 loopback', '127.0.0.1'],
    ['another loopback', '127.8.9.10'],
    ['10/8', '10.1.2.3'],
    ['172.16/12 low end', '172.16.0.1'],
    ['172.16/12 high end', '172.31.255.254'],
    ['192.168/16', '192.168.1.1'],
    ['cloud metadata (link-local)', '169.254.169.254'],
    ['unspecified', '0.0.0.0'],
    ['carrier-grade NAT', '100.64.0.1'],
    ['multicast', '224.0.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unique-local fc00::/7 (fc)', 'fc00::1'],
    ['IPv6 unique-local fc00::/7 (fd)', 'fd12:3456::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
    ['not an address', 'example.com'],
  ])('refuses %s (%s)', (_name, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    ['a public IPv4', '93.184.215.14'],
    ['172.32/16, just outside 172.16/12', '172.32.0.1'],
    ['a public IPv6', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    ['an IPv4-mapped public address', '::ffff:8.8.8.8'],
  ])('allows %s (%s)', (_name, address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe(assertAllowedTarget.name, () => {
  it('accepts an https URL whose host resolves to public addresses only', async () => {
    const sut = await assertAllowedTarget(
      'https://merchant.example/hooks',
      strict,
      resolvesTo('93.184.215.14'),
    );
    expect(sut.hostname).toBe('merchant.example');
  });

  it('refuses a host with any private address among its answers', async () => {
    await expect(
      assertAllowedTarget('https://merchant.example/', strict, resolvesTo('93.184.215.14', '10.0.0.5')),
    ).rejects.toThrow(WebhookTargetRefusedError);
  });

  it.each([
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://[::ffff:192.168.0.1]/',
    'https://169.254.169.254/latest/meta-data',
  ])('refuses the literal address in %s without resolving', async (url) => {
    await expect(
      assertAllowedTarget(url, strict, () => Promise.reject(new Error('must not resolve'))),
    ).rejects.toThrow(WebhookTargetRefusedError);
  });

  it('refuses plain http unless http is allowed', async () => {
    await expect(
      assertAllowedTarget('http://merchant.example/', strict, resolvesTo('93.184.215.14')),
    ).rejects.toThrow(WebhookTargetRefusedError);
    const sut = await assertAllowedTarget(
      'http://merchant.example/',
      { ...strict, allowHttp: true },
      resolvesTo('93.184.215.14'),
    );
    expect(sut.protocol).toBe('http:');
  });

  it('refuses other schemes, credentials in the URL, and hosts that do not resolve', async () => {
    await expect(
      assertAllowedTarget('ftp://merchant.example/', strict, resolvesTo('93.184.215.14')),
    ).rejects.toThrow(WebhookTargetRefusedError);
    await expect(
      assertAllowedTarget('https://u:p@merchant.example/', strict, resolvesTo('93.184.215.14')),
    ).rejects.toThrow(WebhookTargetRefusedError);
    await expect(
      assertAllowedTarget('https://nowhere.invalid/', strict, () => Promise.reject(new Error('ENOTFOUND'))),
    ).rejects.toThrow(WebhookTargetRefusedError);
    await expect(assertAllowedTarget('not a url', strict)).rejects.toThrow(WebhookTargetRefusedError);
  });

  it('lets loopback and private targets through when the deployment allows them', async () => {
    const sut = await assertAllowedTarget('http://127.0.0.1:8080/hooks', {
      allowPrivate: true,
      allowHttp: true,
    });
    expect(sut.port).toBe('8080');
  });
});
