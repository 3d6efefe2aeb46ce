import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCatalog, startClassSeeder, type RunningSeeder } from '../../src/application/seed/index.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const vmoperator = '/apis/vmoperator.vmware.com/v1alpha3';
const tkrs = '/apis/run.tanzu.vmware.com/v1alpha3/tanzukubernetesreleases';
const table = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
const mergePatch = { 'content-type': 'application/merge-patch+json' };
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((item) => item.metadata.name);

const start = async (options: Record<string, string | number> = {}): Promise<{ p: HttpPacific; seeder: RunningSeeder; seed: () => Promise<string[]> }> => {
  const p = await startHttpPacific(options);
  const services = apiServices(p.application.container);
  const seed = () => seedCatalog(services);
  await seed();
  return { p, seeder: startClassSeeder(services), seed };
};

describe('the built-in catalog seeded on first start', () => {
  let p: HttpPacific;
  let seeder: RunningSeeder;
  let seed: () => Promise<string[]>;

  beforeEach(async () => {
    ({ p, seeder, seed } = await start());
  });
  afterEach(async () => {
    await seeder.stop();
    await p.stop();
  });

  it('lists the content library images cluster-wide with their status', async () => {
    const images = (await p.request('GET', `${vmoperator}/clustervirtualmachineimages`)).body;
    expect(names(images)).toEqual(expect.arrayContaining(['ubuntu-22.04', 'ubuntu-24.04', 'photon-5']));
    const ubuntu = (await p.request('GET', `${vmoperator}/clustervirtualmachineimages/ubuntu-22.04`)).body;
    expect(ubuntu.status).toMatchObject({
      type: 'OVF',
      osInfo: { id: 'ubuntu64Guest', type: 'Linux', version: '22.04' },
      productInfo: { version: expect.stringMatching(/^22\.04/) },
      firmware: 'efi',
      disks: [{ capacity: expect.any(String), size: expect.any(String) }],
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(ubuntu.status.name).toEqual(expect.any(String));
    expect(await p.eventTypes('clusterVirtualMachineImage-ubuntu-22.04')).toEqual(['ClusterVirtualMachineImageCreated']);
    expect((await p.store.readStream('clusterVirtualMachineImage-photon-5'))[0]!.metadata.actor).toBe('system:seed');
  });

  it('lists the Tanzu Kubernetes releases v1.28 to v1.31 as `kubectl get tkr` would', async () => {
    const releases = (await p.request('GET', tkrs)).body;
    expect(names(releases)).toEqual(['v1.28.8---vmware.1-fips.1-tkg.2', 'v1.29.4---vmware.3-fips.1-tkg.1', 'v1.30.1---vmware.1-fips-tkg.5', 'v1.31.1---vmware.2-fips-tkg.2']);
    const printed = (await p.request('GET', tkrs, undefined, table)).body;
    expect(printed.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Version', 'Ready', 'Age']);
    expect(printed.rows[1].cells.slice(0, 3)).toEqual(['v1.29.4---vmware.3-fips.1-tkg.1', 'v1.29.4+vmware.3-fips.1-tkg.1', 'True']);
    const release = (await p.request('GET', `${tkrs}/v1.30.1---vmware.1-fips-tkg.5`)).body;
    expect(release.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['Compatible', 'True'],
    ]);
  });

  it('gives every new namespace the VM class catalog and the images, which VMs can use', async () => {
    expect((await p.request('POST', '/api/v1/namespaces', namespace('shop'))).status).toBe(201);
    await seeder.idle();
    const classes = (await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses`)).body;
    expect(names(classes).sort()).toEqual(
      ['xsmall', 'small', 'medium', 'large', 'xlarge'].flatMap((size) => [`best-effort-${size}`, `guaranteed-${size}`]).sort(),
    );
    const printed = (await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses/guaranteed-medium`, undefined, table)).body;
    expect(printed.rows[0].cells.slice(0, 3)).toEqual(['guaranteed-medium', 2, '8Gi']);
    const guaranteed = (await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses/guaranteed-medium`)).body;
    expect(guaranteed.spec.policies.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } });
    const bestEffort = (await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses/best-effort-small`)).body;
    expect(bestEffort.spec).toMatchObject({ hardware: { cpus: 2, memory: '4Gi' } });
    expect(bestEffort.spec.policies).toBeUndefined();
    expect(names((await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineimages`)).body)).toEqual(expect.arrayContaining(['ubuntu-22.04', 'photon-5']));

    const vm = {
      apiVersion: 'vmoperator.vmware.com/v1alpha3',
      kind: 'VirtualMachine',
      metadata: { name: 'db' },
      spec: { className: 'best-effort-small', imageName: 'ubuntu-24.04', storageClass: 'gold', powerState: 'PoweredOn' },
    };
    expect((await p.request('POST', `${vmoperator}/namespaces/shop/virtualmachines`, vm)).status).toBe(201);
    const created = (await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachines/db`)).body;
    const ready = (type: string) => created.status.conditions.find((c: { type: string }) => c.type === type)?.status;
    expect([ready('VirtualMachineClassReady'), ready('VirtualMachineImageReady')]).toEqual(['True', 'True']);
  });

  it('creates only what was never there: admin changes and deletions stand', async () => {
    expect(await seed()).toEqual([]);
    const changed = await p.request('PATCH', `${vmoperator}/clustervirtualmachineimages/photon-5`, { metadata: { labels: { tier: 'gold' } } }, mergePatch);
    expect(changed.status).toBe(200);
    expect((await p.request('DELETE', `${vmoperator}/clustervirtualmachineimages/ubuntu-24.04`)).status).toBe(200);
    expect((await p.request('POST', '/api/v1/namespaces', namespace('shop'))).status).toBe(201);
    await seeder.idle();
    expect((await p.request('DELETE', `${vmoperator}/namespaces/shop/virtualmachineclasses/guaranteed-xlarge`)).status).toBe(200);

    expect(await seed()).toEqual([]);
    await seeder.stop();
    seeder = startClassSeeder(apiServices(p.application.container));
    await seeder.idle();
    expect((await p.request('GET', `${vmoperator}/clustervirtualmachineimages/photon-5`)).body.metadata.labels).toEqual({ tier: 'gold' });
    expect((await p.request('GET', `${vmoperator}/clustervirtualmachineimages/ubuntu-24.04`)).status).toBe(404);
    expect((await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses/guaranteed-xlarge`)).status).toBe(404);

    // A namespace created again is a new namespace: it gets the whole catalog again.
    expect((await p.request('DELETE', '/api/v1/namespaces/shop')).status).toBe(200);
    await p.eventually('/api/v1/namespaces/shop', (body) => body.code === 404);
    expect((await p.request('POST', '/api/v1/namespaces', namespace('shop'))).status).toBe(201);
    await seeder.idle();
    expect((await p.request('GET', `${vmoperator}/namespaces/shop/virtualmachineclasses/guaranteed-xlarge`)).status).toBe(200);
  });
});

describe('seeding across restarts', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pacific-seed-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds on the first start only', async () => {
    const first = await start({ store: 'sqlite', dataDir });
    const head = await first.p.store.headPosition();
    await first.seeder.stop();
    await first.p.stop();

    const second = await start({ store: 'sqlite', dataDir });
    expect(await second.seed()).toEqual([]);
    expect(await second.p.store.headPosition()).toBe(head);
    expect(names((await second.p.request('GET', tkrs)).body)).toHaveLength(4);
    await second.seeder.stop();
    await second.p.stop();
  });
});
