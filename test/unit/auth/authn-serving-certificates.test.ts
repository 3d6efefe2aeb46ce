import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureServingCertificates, servingNamesFor } from '../../../src/adapters/http/tls/serving-certificates.ts';

const dirs: string[] = [];
const pkiDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-pki-'));
  dirs.push(dir);
  return join(dir, 'pki');
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const DAY = 24 * 60 * 60 * 1000;

describe('serving certificates', () => {
  it('names localhost, loopback and the listen address; a wildcard address adds the host name', () => {
    expect(servingNamesFor('127.0.0.1')).toEqual({ dns: ['localhost'], ips: ['127.0.0.1', '::1'] });
    expect(servingNamesFor('10.0.0.5')).toEqual({ dns: ['localhost'], ips: ['127.0.0.1', '::1', '10.0.0.5'] });
    expect(servingNamesFor('pacific.example')).toEqual({ dns: ['localhost', 'pacific.example'], ips: ['127.0.0.1', '::1'] });
    expect(servingNamesFor('0.0.0.0').dns).toHaveLength(2);
  });

  it('makes a CA and a serving certificate it signed on first start, keys readable by the owner only', async () => {
    const dir = pkiDir();
    const made = await ensureServingCertificates(dir, servingNamesFor('127.0.0.2'));
    expect(made.generated).toEqual({ ca: true, serving: true });
    const ca = new X509Certificate(made.caPem);
    const serving = new X509Certificate(made.certPem);
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.checkIssued(ca) && serving.verify(ca.publicKey)).toBe(true);
    expect(serving.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.2');
    expect(serving.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(Number(`0x${serving.serialNumber.slice(0, 2)}`)).toBeLessThan(0x80);
    for (const file of ['ca.key', 'server.key']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(made.caPem);
  });

  it('reuses both on later starts; a new address, a broken key or a near expiry gets a new serving certificate from the same CA', async () => {
    const dir = pkiDir();
    const first = await ensureServingCertificates(dir, servingNamesFor('127.0.0.1'));
    const again = await ensureServingCertificates(dir, servingNamesFor('127.0.0.1'));
    expect(again).toEqual({ ...first, generated: { ca: false, serving: false } });

    const moved = await ensureServingCertificates(dir, servingNamesFor('127.0.0.3'));
    expect(moved.generated).toEqual({ ca: false, serving: true });
    expect(moved.caPem).toBe(first.caPem);
    expect(new X509Certificate(moved.certPem).checkIP('127.0.0.3')).toBe('127.0.0.3');

    writeFileSync(join(dir, 'server.key'), 'garbage');
    expect((await ensureServingCertificates(dir, servingNamesFor('127.0.0.3'))).generated).toEqual({ ca: false, serving: true });

    const late = await ensureServingCertificates(dir, servingNamesFor('127.0.0.3'), new Date(Date.now() + 340 * DAY));
    expect(late.generated).toEqual({ ca: false, serving: true });
    expect(late.caPem).toBe(first.caPem);
  });

  it('serves TLS that a client trusting only the CA accepts, by name and by address; other clients refuse it', async () => {
    const made = await ensureServingCertificates(pkiDir(), servingNamesFor('127.0.0.1'));
    const server = createServer({ key: made.keyPem, cert: made.certPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const fetchText = (host: string, ca?: string): Promise<string> =>
      new Promise((resolve, reject) => {
        get({ host, port, path: '/', ...(ca ? { ca } : {}) }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve(text));
        }).on('error', reject);
      });
    try {
      expect(await fetchText('localhost', made.caPem)).toBe('ok');
      expect(await fetchText('127.0.0.1', made.caPem)).toBe('ok');
      await expect(fetchText('127.0.0.1')).rejects.toThrow(/certificate/);
    } finally {
      server.close();
    }
  });
});
