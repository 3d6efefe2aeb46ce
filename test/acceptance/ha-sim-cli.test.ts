import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '../../src/adapters/http/ops/kubeconfig.ts';
import { runSim } from '../../src/cli/sim.ts';
import { readyOf } from './support/ha-fixtures.ts';
import { startHaPacific, type HaPacific } from './support/ha-pacific.ts';

describe('pacific sim fail-host / recover-host', () => {
  let p: HaPacific;
  let dir: string;
  let kubeconfig: string;
  beforeEach(async () => {
    p = await startHaPacific({ simHosts: 2 });
    dir = mkdtempSync(join(tmpdir(), 'pacific-sim-'));
    kubeconfig = writeKubeconfig(dir, p.adminUrl, { token: p.adminToken });
  });
  afterEach(async () => {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails and recovers a host of the running server named by KUBECONFIG, printing what happened', async () => {
    const lines: string[] = [];
    expect(await runSim('fail-host', 'esx-02', {}, (line) => lines.push(line), { KUBECONFIG: kubeconfig })).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^host esx-02 stopped answering; 0 running VM\(s\) and pod VM\(s\) on it were lost/)]);
    await p.eventually('/api/v1/nodes/esx-02', (node) => readyOf(node) === 'False', 5_000);

    expect(await runSim('fail-host', 'esx-02', { kubeconfig }, (line) => lines.push(line), {})).toBe(0);
    expect(lines[1]).toBe('host esx-02 was already down');

    expect(await runSim('recover-host', 'esx-02', { kubeconfig }, (line) => lines.push(line), {})).toBe(0);
    expect(lines[2]).toMatch(/^host esx-02 answers again/);
    await p.eventually('/api/v1/nodes/esx-02', (node) => readyOf(node) === 'True', 5_000);
  });

  it('reports an unknown host and an unreachable server', async () => {
    const lines: string[] = [];
    expect(await runSim('fail-host', 'esx-99', { kubeconfig }, (line) => lines.push(line), {})).toBe(1);
    expect(lines).toEqual(['error: nodes "esx-99" not found in the simulated fleet']);
    const nowhere = writeKubeconfig(join(dir, 'nowhere'), 'http://127.0.0.1:1');
    await expect(runSim('fail-host', 'esx-01', { kubeconfig: nowhere }, () => undefined, {})).rejects.toThrow(/cannot reach the Pacific server at http:\/\/127\.0\.0\.1:1/);
    await expect(runSim('fail-host', 'esx-01', { kubeconfig: join(dir, 'missing') }, () => undefined, {})).rejects.toThrow(/kubeconfig .*missing not found/);
  });
});
