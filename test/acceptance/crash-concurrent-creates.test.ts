import { afterEach, describe, expect, it } from 'vitest';
import { kubeClient, type KubeClient } from './fixtures/crash-kube-client.ts';
import { pacificBin, run, servePacific, start, type ServedPacific, type Spawned } from './support/spawn.ts';

const CREATES = 2000;
const CONCURRENCY = 100;
/** The server is killed once this many creates are acknowledged, with about CONCURRENCY more in flight. */
const KILL_AFTER = 800;
/** The test drives one client harder than the default per-token rate limit allows. */
const baseFlags = ['--sim-hosts', '4', '--rate-limit-qps', '0'];

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { load: 'crash' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
});

/** Runs `task(i)` for i in [0, count) with at most `limit` at once. */
const pool = async (count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: limit }, worker));
};

describe('pacific serve on SQLite: SIGKILL during 2,000 concurrent creates', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  // The client reads server, CA and token from the kubeconfig the server writes: https by default, or plain http.
  it.each([
    ['https (default)', []],
    ['--insecure-http', ['--insecure-http']],
  ])('keeps every acknowledged create across the crash, and replay --verify agrees with the restarted server: %s', async (_transport, transportFlags) => {
    const serveFlags = [...baseFlags, ...transportFlags];
    const first: ServedPacific = await servePacific(serveFlags);
    cleanups.push(() => first.stop());
    let client: KubeClient = kubeClient(first.kubeconfig, CONCURRENCY);
    cleanups.push(() => client.close());
    expect((await client.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crash' } })).status).toBe(201);

    const acknowledged: string[] = [];
    const unexpected: string[] = [];
    let failed = 0;
    let killed = false;
    const kill = (): void => {
      killed = true;
      first.server.child.kill('SIGKILL');
    };
    await pool(
      CREATES,
      CONCURRENCY,
      async (index) => {
        const name = `pod-${String(index).padStart(4, '0')}`;
        try {
          const response = await client.request('POST', '/api/v1/namespaces/crash/pods', pod(name));
          if (response.status === 201) acknowledged.push(name);
          else unexpected.push(`${name}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        } catch {
          // Only after the kill: in flight when it struck, or refused once the server was gone.
          failed += 1;
          if (!killed) unexpected.push(`${name}: failed before the kill`);
        }
        if (!killed && acknowledged.length >= KILL_AFTER) kill();
      },
    );
    await first.server.exited;
    expect(unexpected).toEqual([]);
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(failed).toBeGreaterThan(0);
    expect(acknowledged.length + failed).toBe(CREATES);
    client.close();

    const restarted: Spawned = start([pacificBin, 'serve', '--data-dir', first.dataDir, '--port', '0', ...serveFlags], { ...process.env, PACIFIC_LOG_LEVEL: 'silent' });
    cleanups.push(() => {
      restarted.child.kill('SIGKILL');
    });
    await restarted.waitForLine((line) => line.startsWith('Pacific serving on'), 60_000);
    // The restarted server listens on a new port: the kubeconfig it rewrote names it.
    const kubeconfigLine = await restarted.waitForLine((line) => line.startsWith('kubeconfig: '));
    client = kubeClient(kubeconfigLine.slice('kubeconfig: '.length).split(/\s+/)[0]!, CONCURRENCY);
    expect(client.target.server.startsWith(transportFlags.length > 0 ? 'http:' : 'https:')).toBe(true);

    const missing: string[] = [];
    await pool(
      acknowledged.length,
      CONCURRENCY,
      async (index) => {
        const name = acknowledged[index]!;
        const response = await client.request('GET', `/api/v1/namespaces/crash/pods/${name}`);
        if (response.status !== 200 || response.body.metadata?.name !== name) missing.push(`${name}: ${response.status}`);
      },
    );
    expect(missing).toEqual([]);
    const listed = await client.request('GET', '/api/v1/namespaces/crash/pods?labelSelector=load%3Dcrash');
    expect(listed.status).toBe(200);
    // Creates in flight at the kill may or may not have been stored; acknowledged ones all were.
    expect(listed.body.items.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(listed.body.items.length).toBeLessThanOrEqual(acknowledged.length + CONCURRENCY);

    const verify = await run([pacificBin, 'replay', '--verify', '--data-dir', first.dataDir]);
    expect(verify.output).toMatch(/OK: \d+ events replayed, inventories are identical/);
    expect(verify.code).toBe(0);
  }, 180_000);
});
