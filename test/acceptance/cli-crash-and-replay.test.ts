import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import { pacificBin, root, run, start, typescriptImport } from './support/spawn.ts';

describe('pacific on SQLite: crash, restart, replay and audit', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    children.splice(0).forEach((child) => child.kill('SIGKILL'));
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('loses no acknowledged write to a SIGKILL, and the restarted server agrees with a replay of the log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pacific-crash-'));
    dirs.push(dataDir);

    const loader = start([...typescriptImport, join(root, 'test/acceptance/fixtures/create-pods-until-killed.ts'), dataDir]);
    children.push(loader.child);
    await loader.waitForLine(() => loader.lines.filter((line) => line.startsWith('ack ')).length >= 200, 60_000);
    loader.child.kill('SIGKILL');
    await loader.exited;
    const acknowledged = loader.lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4));
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    const store = SqliteEventStore.open(join(dataDir, 'events.db'));
    for (const name of acknowledged) {
      expect((await store.readStream(`podVm-load/${name}`)).map((event) => event.type), name).toEqual(['PodVMCreated']);
    }
    await store.close();

    const server = start([pacificBin, 'serve', '--data-dir', dataDir, '--port', '0', '--sim-hosts', '2']);
    children.push(server.child);
    await server.waitForLine((line) => line.startsWith('Pacific serving on'));

    const verify = await run([pacificBin, 'replay', '--verify', '--data-dir', dataDir]);
    expect(verify.output).toMatch(/OK: \d+ events replayed, inventories are identical/);
    expect(verify.code).toBe(0);
    const digests = [...verify.output.matchAll(/digest ([0-9a-f]{64})/g)].map((match) => match[1]);
    expect(digests).toHaveLength(2);
    expect(digests[0]).toBe(digests[1]);

    const audit = await run([pacificBin, 'audit', `pod/load/${acknowledged[0]}`, '--data-dir', dataDir]);
    expect(audit.code).toBe(0);
    expect(audit.output).toMatch(/loader\s+PodVMCreated\s+0/);

    const before = await run([pacificBin, 'replay', '--at', '2000-01-01T00:00:00Z', '--data-dir', dataDir]);
    expect(before.output).toMatch(/0 events/);
    const now = await run([pacificBin, 'replay', '--at', new Date().toISOString(), '--data-dir', dataDir]);
    expect(now.output).toMatch(new RegExp(`PodVM\\s+load\\s+${acknowledged[0]}\\s+(Pending|Scheduled|Running)`));
  }, 120_000);

  it('explains a reference it cannot resolve and a malformed instant', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pacific-cli-'));
    dirs.push(dataDir);
    const badKind = await run([pacificBin, 'audit', 'widget/x', '--data-dir', dataDir]);
    expect(badKind.code).not.toBe(0);
    expect(badKind.output).toMatch(/unknown kind "widget"/);
    const badInstant = await run([pacificBin, 'replay', '--at', 'yesterday', '--data-dir', dataDir]);
    expect(badInstant.code).toBe(2);
    expect(badInstant.output).toMatch(/ISO-8601/);
    const noServer = await run([pacificBin, 'replay', '--verify', '--data-dir', dataDir, '--server', 'http://127.0.0.1:9']);
    expect(noServer.code).toBe(2);
    expect(noServer.output).toMatch(/no running server answered/);
  }, 60_000);
});
