import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findKubectl, kubectlFor, type Kubectl } from './support/kubectl.ts';
import { pacificBin, root, start, servePacific, type ServedPacific } from './support/spawn.ts';

const kubectlBinary = findKubectl();

if (!kubectlBinary && process.env.CI) {
  describe('kubectl fleet end-to-end', () => {
    it('has kubectl to drive', () => {
      expect.fail('kubectl is not on PATH: CI must install it; these tests never skip in CI');
    });
  });
}

interface PodRow {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: { phase: string };
}

// Cordon, drain, a quota rejection and a simulated host failure, seen through the real kubectl.
describe.skipIf(!kubectlBinary)('the fleet through the real kubectl', () => {
  let pacific: ServedPacific;
  let kubectl: Kubectl;
  const pods = async (): Promise<PodRow[]> => JSON.parse(await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'json'])).items;

  beforeAll(async () => {
    pacific = await servePacific(['--sim-boot-ms', '50', '--sim-hosts', '4']);
    kubectl = kubectlFor(kubectlBinary!, pacific.kubeconfig);
    await kubectl.ok(['apply', '-f', join(root, 'test/acceptance/fixtures/mixed-app.yaml')]);
    await vi.waitFor(async () => expect((await pods()).every((pod) => pod.status.phase === 'Running')).toBe(true), { timeout: 10_000, interval: 100 });
  }, 30_000);

  afterAll(async () => {
    kubectl?.dispose();
    await pacific?.stop();
  });

  it('cordons a node (no new placements there) and drains it (its pods restart elsewhere)', async () => {
    const node = (await pods())[0]!.spec.nodeName!;
    expect(await kubectl.ok(['cordon', node])).toBe(`node/${node} cordoned\n`);
    expect(await kubectl.ok(['get', 'node', node])).toMatch(/SchedulingDisabled/);
    const before = await pods();
    const drained = await kubectl.run(['drain', node, '--force', '--timeout=30s']);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(new RegExp(`node/${node} drained`));
    await vi.waitFor(
      async () => {
        const after = await pods();
        expect(after.every((pod) => pod.status.phase === 'Running' && pod.spec.nodeName !== node)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    const moved = (await pods()).filter((pod) => before.find((old) => old.metadata.name === pod.metadata.name)?.spec.nodeName === node);
    for (const pod of moved) expect(pod.metadata.uid).not.toBe(before.find((old) => old.metadata.name === pod.metadata.name)!.metadata.uid);
    expect(await kubectl.ok(['uncordon', node])).toBe(`node/${node} uncordoned\n`);
  });

  it('rejects a pod over the namespace quota with Kubernetes wording', async () => {
    await kubectl.ok(['create', 'quota', 'two-pods', '-n', 'shop', '--hard=pods=2']);
    const refused = await kubectl.run(['run', 'third', '--image=nginx:1.27', '-n', 'shop']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Error from server \(Forbidden\): pods "third" is forbidden: exceeded quota/);
    await kubectl.ok(['delete', 'quota', 'two-pods', '-n', 'shop']);
  });

  it('after `pacific sim fail-host`, the node turns NotReady and its pods run on other nodes', async () => {
    const victim = (await pods())[0]!.spec.nodeName!;
    const sim = start([pacificBin, 'sim', 'fail-host', victim], { ...process.env, KUBECONFIG: pacific.kubeconfig });
    expect(await sim.exited).toBe(0);
    await vi.waitFor(async () => expect(await kubectl.ok(['get', 'node', victim])).toMatch(/NotReady/), { timeout: 15_000, interval: 200 });
    await vi.waitFor(
      async () => {
        const wide = await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'wide']);
        const rows = wide.trim().split('\n').slice(1);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row).toMatch(/Running/);
          expect(row).not.toMatch(new RegExp(`\\b${victim}\\b`));
        }
      },
      { timeout: 15_000, interval: 200 },
    );
    const vm = JSON.parse(await kubectl.ok(['get', 'vm', 'db', '-n', 'shop', '-o', 'json']));
    expect(vm.status.powerState).toBe('PoweredOn');
    expect(vm.status.nodeName).not.toBe(victim);
  }, 40_000);
});
