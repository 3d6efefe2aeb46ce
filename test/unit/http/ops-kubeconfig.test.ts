import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfig } from '../../../src/adapters/http/ops/kubeconfig.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-kubeconfig-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const kubectl = (file: string, ...args: string[]): string =>
  execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: file }, encoding: 'utf8' });

describe('writeKubeconfig', () => {
  it('writes <dataDir>/kubeconfig, readable by the owner only, with the pacific cluster, admin user and context', () => {
    const dataDir = join(tempDir(), 'data', 'nested');
    const path = writeKubeconfig(dataDir, 'http://127.0.0.1:6443');
    expect(path).toBe(join(dataDir, 'kubeconfig'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(path, 'utf8'))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'pacific', cluster: { server: 'http://127.0.0.1:6443', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'admin', user: {} }],
      contexts: [{ name: 'pacific', context: { cluster: 'pacific', user: 'admin' } }],
      'current-context': 'pacific',
    });
  });

  it('carries a token, CA data and a context name when given', () => {
    const path = writeKubeconfig(tempDir(), 'https://127.0.0.1:6443', { token: 's3cret', caData: 'Q0E=', contextName: 'lab' });
    const config = parse(readFileSync(path, 'utf8'));
    expect(config.clusters[0].cluster).toEqual({ server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'Q0E=' });
    expect(config.users[0].user).toEqual({ token: 's3cret' });
    expect(config.contexts[0].name).toBe('lab');
    expect(config['current-context']).toBe('lab');
  });

  it('replaces an earlier file, tightening its mode, and leaves no temporary file', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'kubeconfig'), 'old', { mode: 0o644 });
    const path = writeKubeconfig(dataDir, 'http://127.0.0.1:7000');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('http://127.0.0.1:7000');
    expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false);
  });

  it('is understood by the real kubectl', () => {
    const path = writeKubeconfig(tempDir(), 'http://127.0.0.1:6443', { token: 't0ken' });
    expect(kubectl(path, 'config', 'current-context').trim()).toBe('pacific');
    const view = JSON.parse(kubectl(path, 'config', 'view', '--raw', '-o', 'json'));
    expect(view['current-context']).toBe('pacific');
    expect(view.clusters).toEqual([{ name: 'pacific', cluster: { server: 'http://127.0.0.1:6443', 'insecure-skip-tls-verify': true } }]);
    expect(view.users).toEqual([{ name: 'admin', user: { token: 't0ken' } }]);
    expect(view.contexts).toEqual([{ name: 'pacific', context: { cluster: 'pacific', user: 'admin' } }]);
    expect(kubectl(path, 'config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).toBe('http://127.0.0.1:6443');
  });
});
