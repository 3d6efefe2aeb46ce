/**
 * etcd, the store Kubernetes keeps its objects in, as a peer for the store benchmark: Debian's
 * `etcd-server` binary started on loopback with a temp data dir (default durability: its WAL is
 * fsynced before a put is acknowledged), driven over gRPC by the etcd3 client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Etcd3 } from 'etcd3';
import type { NewEvent } from '../../src/application/ports/event-store.port.ts';
import { sleep } from './common.ts';

export const ETCD_INSTALL_HINT = 'apt-get install -y etcd-server';

/** The etcd binary on PATH (or /usr/bin/etcd), or undefined. */
export const findEtcd = (): string | undefined => {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'etcd')), '/usr/bin/etcd'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export interface RunningEtcd {
  client: Etcd3;
  stop(): Promise<void>;
}

export const startEtcd = async (binary: string, dataDir: string): Promise<RunningEtcd> => {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const child: ChildProcess = spawn(
    binary,
    [
      '--name', 'bench',
      '--data-dir', dataDir,
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `bench=${peerUrl}`,
      '--initial-cluster-state', 'new',
      '--logger', 'zap',
      '--log-level', 'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new Etcd3({ hosts: clientUrl });
  const stop = async (): Promise<void> => {
    client.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`${clientUrl}/health`);
      if (response.ok && ((await response.json()) as { health?: string }).health === 'true') break;
    } catch {
      // not listening yet
    }
    if (attempt > 200) {
      await stop();
      throw new Error(`etcd did not become healthy: ${output}`);
    }
    await sleep(50);
  }
  return { client, stop };
};

const encode = (event: NewEvent): Buffer => Buffer.from(JSON.stringify({ type: event.type, data: event.data, metadata: event.metadata }));

/** `inFlight` concurrent writers, each putting `perPut` events at a time (one txn of puts when more than one), a key per event. */
export const putConcurrently = async (client: Etcd3, pool: NewEvent[], total: number, inFlight: number, perPut = 1): Promise<void> => {
  let issued = 0;
  const writer = async (w: number): Promise<void> => {
    let revision = 0;
    while (issued < total) {
      const count = Math.min(perPut, total - issued);
      const first = issued;
      issued += count;
      if (count === 1) {
        await client.put(`/pacific/bench-${w}/${revision++}`).value(encode(pool[first % pool.length]!)).exec();
        continue;
      }
      const success = Array.from({ length: count }, (_, k) => ({
        request_put: { key: Buffer.from(`/pacific/bench-${w}/${revision++}`), value: encode(pool[(first + k) % pool.length]!) },
      }));
      await client.kv.txn({ compare: [], success, failure: [] });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, w) => writer(w)));
};
