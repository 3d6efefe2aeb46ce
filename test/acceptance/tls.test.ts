import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requestServer } from '../../src/cli/server-request.ts';
import { readKubeconfig } from '../../src/cli/sim.ts';
import { pacificBin, run, start, type Spawned } from './support/spawn.ts';

const serve = async (dataDir: string, extra: string[] = []): Promise<{ server: Spawned; url: string }> => {
  const server = start([pacificBin, 'serve', '--data-dir', dataDir, '--port', '0', '--sim-hosts', '1', ...extra], { ...process.env, PACIFIC_LOG_LEVEL: 'silent' });
  running.push(server);
  const line = await server.waitForLine((text) => text.startsWith('Pacific serving on'));
  await server.waitForLine((text) => text.startsWith('kubeconfig: '));
  return { server, url: /https?:\/\/\S+/.exec(line)![0] };
};

const stop = async (server: Spawned): Promise<void> => {
  server.child.kill('SIGTERM');
  await server.exited;
};

const running: Spawned[] = [];
const dirs: string[] = [];
const dataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-tls-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const server of running.splice(0)) if (server.child.exitCode === null && server.child.signalCode === null) await stop(server);
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const pkiFiles = (dir: string): Record<string, string> =>
  Object.fromEntries(['ca.crt', 'ca.key', 'server.crt', 'server.key'].map((file) => [file, readFileSync(join(dir, 'pki', file), 'utf8')]));

/** A plain-http request to `url`'s port: what a TLS server makes of it. */
const plainHttpStatus = (url: string): Promise<number | string> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    httpRequest({ host: hostname, port, path: '/livez', timeout: 5000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', (error) => resolve(error.message))
      .on('timeout', function (this: { destroy(): void }) {
        this.destroy();
      })
      .end();
  });

describe('TLS by default', () => {
  it('serves https with a CA it made on first start, and keeps CA, certificate and admin token across restarts', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(first.server.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^generated a CA in /), expect.stringMatching(/^issued a serving certificate in /)]));
    const kubeconfig = readKubeconfig(join(dir, 'kubeconfig'));
    expect(Buffer.from(kubeconfig.caData!, 'base64').toString('utf8')).toBe(readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8'));
    expect(kubeconfig.insecure).toBeUndefined();
    expect(kubeconfig.token).toBe(readFileSync(join(dir, 'admin-token'), 'utf8').trim());
    expect((await requestServer(kubeconfig, 'GET', '/api/v1/nodes')).status).toBe(200);
    // Without the CA the certificate is not trusted; plain http gets no API answer.
    await expect(requestServer({ server: first.url, token: kubeconfig.token! }, 'GET', '/api/v1/nodes')).rejects.toThrow(/certificate/);
    expect(await plainHttpStatus(first.url)).not.toBe(200);

    const before = pkiFiles(dir);
    await stop(first.server);
    const second = await serve(dir);
    expect(second.server.lines.some((line) => /^(generated a CA|issued a serving certificate|issued the admin token)/.test(line))).toBe(false);
    expect(pkiFiles(dir)).toEqual(before);
    // The kubeconfig written before the restart still works against the new port: same CA, same token.
    expect((await requestServer({ ...kubeconfig, server: second.url }, 'GET', '/api/v1/nodes')).status).toBe(200);
    expect(readKubeconfig(join(dir, 'kubeconfig'))).toEqual({ ...kubeconfig, server: second.url });

    const verify = await run([pacificBin, 'replay', '--verify', '--data-dir', dir]);
    expect(verify.output).toMatch(/OK: \d+ events replayed/);
    expect(verify.code).toBe(0);
  }, 60_000);

  it('--insecure-http serves plain http, still with tokens, and makes no certificates', async () => {
    const dir = dataDir();
    const { url } = await serve(dir, ['--insecure-http']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, 'pki'))).toBe(false);
    const written = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
    expect(written.clusters[0].cluster).toEqual({ server: url, 'insecure-skip-tls-verify': true });
    const kubeconfig = readKubeconfig(join(dir, 'kubeconfig'));
    expect((await requestServer({ server: url }, 'GET', '/api/v1/nodes')).status).toBe(401);
    expect((await requestServer(kubeconfig, 'GET', '/api/v1/nodes')).status).toBe(200);
    expect((await requestServer({ server: url }, 'GET', '/livez')).body).toBe('ok');
  }, 60_000);
});
