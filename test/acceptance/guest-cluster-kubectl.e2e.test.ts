import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '../../src/adapters/http/ops/kubeconfig.ts';
import { startGuestClusterController, type RunningGuestClusterController } from '../../src/application/controllers/guest-cluster.controller.ts';
import { seedCatalog, startClassSeeder, type RunningSeeder } from '../../src/application/seed/index.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';
import { findKubectl, kubectlFor, type Kubectl } from './support/kubectl.ts';

const kubectlBinary = findKubectl();

const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gold
provisioner: csi.vsphere.vmware.com
---
apiVersion: run.tanzu.vmware.com/v1alpha3
kind: TanzuKubernetesCluster
metadata:
  name: dev-cluster
  namespace: shop
spec:
  topology:
    controlPlane:
      replicas: 3
      vmClass: best-effort-small
      storageClass: gold
      tkr:
        reference:
          name: v1.29.4---vmware.3-fips.1-tkg.1
    nodePools:
    - name: workers
      replicas: 3
      vmClass: best-effort-small
      storageClass: gold
`;

const rows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));

describe.skipIf(!kubectlBinary)('guest clusters with the real kubectl', () => {
  let p: HttpPacific;
  let seeder: RunningSeeder;
  let controller: RunningGuestClusterController;
  let kubectl: Kubectl;
  let dataDir: string;

  beforeAll(async () => {
    p = await startHttpPacific({ simHosts: 4, simHostCpu: '32', simHostMemory: '128Gi', simBootMs: 20 });
    const services = apiServices(p.application.container);
    await seedCatalog(services);
    seeder = startClassSeeder(services);
    controller = startGuestClusterController(services);
    dataDir = mkdtempSync(join(tmpdir(), 'pacific-tkc-'));
    kubectl = kubectlFor(kubectlBinary!, writeKubeconfig(dataDir, p.url));
  });
  afterAll(async () => {
    kubectl?.dispose();
    await controller?.stop();
    await seeder?.stop();
    await p?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the seeded releases, images and classes', async () => {
    expect(rows(await kubectl.ok(['get', 'tkr'])).map((row) => row.slice(0, 3))).toEqual([
      ['NAME', 'VERSION', 'READY'],
      ['v1.28.8---vmware.1-fips.1-tkg.2', 'v1.28.8+vmware.1-fips.1-tkg.2', 'True'],
      ['v1.29.4---vmware.3-fips.1-tkg.1', 'v1.29.4+vmware.3-fips.1-tkg.1', 'True'],
      ['v1.30.1---vmware.1-fips-tkg.5', 'v1.30.1+vmware.1-fips-tkg.5', 'True'],
      ['v1.31.1---vmware.2-fips-tkg.2', 'v1.31.1+vmware.2-fips-tkg.2', 'True'],
    ]);
    expect(await kubectl.ok(['get', 'cvmi', '-o', 'name'])).toMatch(/clustervirtualmachineimage\.vmoperator\.vmware\.com\/photon-5/);
  });

  it('applies a TKC manifest, lists its node VMs by label, and deletes it (kubectl waits until it is gone)', async () => {
    await kubectl.ok(['apply', '-f', '-'], manifest);
    await seeder.idle();
    expect(rows(await kubectl.ok(['get', 'vmclass', '-n', 'shop'])).map((row) => row[0])).toEqual(expect.arrayContaining(['best-effort-small', 'guaranteed-medium']));

    await p.eventually('/apis/run.tanzu.vmware.com/v1alpha3/namespaces/shop/tanzukubernetesclusters/dev-cluster', (body) => body.status?.phase === 'running', 15_000);
    const clusters = rows(await kubectl.ok(['get', 'tkc', '-n', 'shop']));
    expect(clusters[0]).toEqual(['NAME', 'CONTROL-PLANE', 'WORKER', 'TKR', 'AGE', 'READY']);
    expect(clusters[1]).toEqual(['dev-cluster', '3', '3', 'v1.29.4---vmware.3-fips.1-tkg.1', expect.any(String), 'True']);

    const nodes = rows(await kubectl.ok(['get', 'vm', '-n', 'shop', '-l', 'run.tanzu.vmware.com/cluster=dev-cluster']));
    expect(nodes[0]!.slice(0, 4)).toEqual(['NAME', 'POWER-STATE', 'CLASS', 'IMAGE']);
    expect(nodes.slice(1).map((row) => row[0]).sort()).toEqual([
      ...Array(3).fill(expect.stringMatching(/^dev-cluster-control-plane-/)),
      ...Array(3).fill(expect.stringMatching(/^dev-cluster-workers-/)),
    ]);
    expect(nodes.slice(1).every((row) => row[1] === 'PoweredOn')).toBe(true);

    expect(await kubectl.ok(['delete', 'tkc', 'dev-cluster', '-n', 'shop'])).toBe('tanzukubernetescluster.run.tanzu.vmware.com "dev-cluster" deleted\n');
    expect((await kubectl.run(['get', 'tkc', 'dev-cluster', '-n', 'shop'])).code).toBe(1);
    expect(await kubectl.ok(['get', 'vm', '-n', 'shop', '-o', 'name'])).toBe('');
  });
});
