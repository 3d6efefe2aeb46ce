// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate as PeculiarCertificate,
} from '@peculiar/x509';
import { X509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What clients may call the server: DNS names and IP addresses, all in the certificate's SANs. */
export interface ServingNames {
  dns: string[];
  ips: string[];
}

export interface ServingCertificates {
  /** PEM of the CA clients trust (the kubeconfig's certificate-authority-data). */
  caPem: string;
  /** PEM of the serving certificate and its private key, for https.createServer. */
  certPem: string;
  keyPem: string;
  /** What this call had to make: nothing on a restart that reuses what it finds. */
  generated: { ca: boolean; serving: boolean };
}

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 3650;
const SERVING_LIFETIME_DAYS = 365;
/** A serving certificate this close to its end is replaced at start-up. */
const RENEW_BEFORE_DAYS = 30;

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** localhost and 127.0.0.1 always; the listen address too, or this machine's name for a wildcard address. */
export const servingNamesFor = (address: string): ServingNames => {
  const names: ServingNames = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };
  const bare = address.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0' || bare === '::') names.dns.push(hostname());
  else if (isIP(bare)) names.ips.push(bare);
  else names.dns.push(bare);
  return { dns: [...new Set(names.dns)], ips: [...new Set(names.ips)] };
};

// DER INTEGERs are signed: a first byte below 0x80 keeps the serial positive, which Go (kubectl) insists on.
const serialNumber = (): string => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
};

const writePrivate = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
};

const writePublic = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, path);
};

const exportKey = async (key: CryptoKey): Promise<string> => PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

const importSigningKey = (pem: string): Promise<CryptoKey> => crypto.subtle.importKey('pkcs8', PemConverter.decodeFirst(pem), keyAlgorithm, false, ['sign']);

const generateKeys = (): Promise<CryptoKeyPair> => crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

const createCa = async (now: Date): Promise<{ certPem: string; keyPem: string }> => {
  const keys = await generateKeys();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=pacific-ca@${Math.floor(now.getTime() / 1000)}`,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + CA_LIFETIME_DAYS * DAY_MS),
      signingAlgorithm,
      keys,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: certificate.toString('pem'), keyPem: await exportKey(keys.privateKey) };
};

const createServing = async (ca: { certPem: string; keyPem: string }, names: ServingNames, now: Date): Promise<{ certPem: string; keyPem: string }> => {
  const keys = await generateKeys();
  const caCertificate = new X509Certificate(ca.certPem);
  const issuerKey = await importSigningKey(ca.keyPem);
  const certificate: PeculiarCertificate = await X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: 'CN=pacific',
      issuer: caCertificate.subject.replace(/\n/g, ', '),
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + SERVING_LIFETIME_DAYS * DAY_MS),
      signingAlgorithm,
      publicKey: keys.publicKey,
      signingKey: issuerKey,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        new SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))]),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(caCertificate.publicKey.export({ format: 'der', type: 'spki' }), false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: certificate.toString('pem'), keyPem: await exportKey(keys.privateKey) };
};

const readPair = (certPath: string, keyPath: string): { certPem: string; keyPem: string } | undefined => {
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  const certPem = readFileSync(certPath, 'utf8');
  const keyPem = readFileSync(keyPath, 'utf8');
  try {
    // A pair cut in half by a crash, or edited by hand, is not reused.
    if (!new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))) return undefined;
  } catch {
    return undefined;
  }
  return { certPem, keyPem };
};

/** The serving certificate is kept only while the CA signed it, it covers every name, and it is far from expiry. */
const servingStillGood = (serving: { certPem: string }, caPem: string, names: ServingNames, now: Date): boolean => {
  const certificate = new X509Certificate(serving.certPem);
  const ca = new X509Certificate(caPem);
  if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) return false;
  if (Date.parse(certificate.validTo) - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return false;
  return names.dns.every((name) => certificate.checkHost(name, { wildcards: false }) === name) && names.ips.every((ip) => certificate.checkIP(ip) !== undefined);
};

/**
 * The CA and serving certificate in `dir` (ca.crt, ca.key, server.crt, server.key; keys mode 0600):
 * made on first start, reused afterwards. A serving certificate that no longer fits (new listen
 * address, near expiry, another CA) is issued again by the same CA, so clients' trust holds.
 */
export const ensureServingCertificates = async (dir: string, names: ServingNames, now: Date = new Date()): Promise<ServingCertificates> => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
  let ca = readPair(paths.caCert, paths.caKey);
  const generated = { ca: false, serving: false };
  if (!ca || Date.parse(new X509Certificate(ca.certPem).validTo) <= now.getTime()) {
    ca = await createCa(now);
    writePrivate(paths.caKey, ca.keyPem);
    writePublic(paths.caCert, ca.certPem);
    generated.ca = true;
  }
  let serving = readPair(paths.cert, paths.key);
  if (!serving || !servingStillGood(serving, ca.certPem, names, now)) {
    serving = await createServing(ca, names, now);
    writePrivate(paths.key, serving.keyPem);
    writePublic(paths.cert, serving.certPem);
    generated.serving = true;
  }
  return { caPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem, generated };
};
