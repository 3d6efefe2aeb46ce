import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { findKubectl, kubectlFor, type Kubectl } from './support/kubectl.ts';
import { root, servePacific, type ServedPacific } from './support/spawn.ts';

const kubectlBinary = findKubectl();
const fixture = (name: string): string => join(root, 'test/acceptance/fixtures', name);
const mixedApp = fixture('mixed-app.yaml');

if (!kubectlBinary && process.env.CI) {
  describe('kubectl end-to-end', () => {
    it('has kubectl to drive', () => {
      expect.fail('kubectl is not on PATH (nor /usr/bin/kubectl): CI must install it (apt-get install -y kubectl); these tests never skip in CI');
    });
  });
}

/** The mixed app with the v1alpha6 VM powered off and a label added to one pod. */
const changedMixedApp = (): string =>
  parseAllDocuments(readFileSync(mixedApp, 'utf8'))
    .map((document) => {
      const object = document.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
      if (object.kind === 'VirtualMachine' && object.metadata.name === 'cache') object.spec.powerState = 'PoweredOff';
      if (object.kind === 'Pod' && object.metadata.name === 'web-1') object.metadata.labels = { ...object.metadata.labels, release: 'canary' };
      return stringify(object);
    })
    .join('---\n');

const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

const podNamed = (name: string, namespace = 'shop'): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
`;

// One server for the file; the mixed app is applied once in beforeAll and the tests build on it.
// --sim-boot-ms 1500 keeps pods Pending long enough for `get -w` to see the transition.
describe.skipIf(!kubectlBinary)('the real kubectl against pacific serve', () => {
  let pacific: ServedPacific;
  let kubectl: Kubectl;
  let firstApply: { code: number; stdout: string; stderr: string };
  let scratch: string;

  beforeAll(async () => {
    pacific = await servePacific(['--sim-boot-ms', '1500']);
    kubectl = kubectlFor(kubectlBinary!, pacific.kubeconfig);
    scratch = mkdtempSync(join(tmpdir(), 'pacific-kubectl-manifests-'));
    firstApply = await kubectl.run(['apply', '-f', mixedApp]);
  }, 30_000);

  afterAll(async () => {
    kubectl?.dispose();
    await pacific?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const untilRunning = (...pods: string[]): Promise<string> =>
    kubectl.ok(['wait', '-n', 'shop', '--for=jsonpath={.status.phase}=Running', '--timeout=15s', ...pods.map((pod) => `pod/${pod}`)]);

  it('applies one multi-document manifest: created, then unchanged, then configured for what changed', async () => {
    expect(firstApply.stderr).toBe('');
    expect(firstApply.code).toBe(0);
    expect(lines(firstApply.stdout)).toEqual([
      'namespace/shop created',
      'storageclass.storage.k8s.io/gold created',
      'virtualmachineclass.vmoperator.vmware.com/shop-small created',
      'persistentvolumeclaim/db-data created',
      'virtualmachine.vmoperator.vmware.com/db created',
      'virtualmachine.vmoperator.vmware.com/cache created',
      'pod/web-1 created',
      'pod/web-2 created',
    ]);

    const again = lines(await kubectl.ok(['apply', '-f', mixedApp]));
    expect(again).toHaveLength(8);
    again.forEach((line) => expect(line).toMatch(/ unchanged$/));

    const changedPath = join(scratch, 'mixed-app-changed.yaml');
    writeFileSync(changedPath, changedMixedApp());
    const changed = lines(await kubectl.ok(['apply', '-f', changedPath]));
    expect(changed).toContain('virtualmachine.vmoperator.vmware.com/cache configured');
    expect(changed).toContain('pod/web-1 configured');
    expect(changed.filter((line) => line.endsWith(' configured'))).toHaveLength(2);
    expect(changed.filter((line) => line.endsWith(' unchanged'))).toHaveLength(6);

    expect(await kubectl.ok(['get', 'pod', 'web-1', '-n', 'shop', '-o', 'jsonpath={.metadata.labels.release}'])).toBe('canary');
    expect(await kubectl.ok(['get', 'vm', 'cache', '-n', 'shop', '-o', 'jsonpath={.spec.powerState}'])).toBe('PoweredOff');
    await kubectl.ok(['wait', '-n', 'shop', 'vm/cache', '--for=jsonpath={.status.powerState}=PoweredOff', '--timeout=15s']);
    expect(lines(await kubectl.ok(['apply', '-f', changedPath])).every((line) => line.endsWith(' unchanged'))).toBe(true);
  });

  it('gets pods, virtual machines and nodes as json, yaml and wide tables', async () => {
    await untilRunning('web-1', 'web-2');
    await kubectl.ok(['wait', '-n', 'shop', 'vm/db', '--for=jsonpath={.status.powerState}=PoweredOn', '--timeout=15s']);

    const pods = JSON.parse(await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'json'])) as { kind: string; items: { kind: string; metadata: { name: string; uid: string; resourceVersion: string }; status: { phase: string } }[] };
    expect(pods.kind).toBe('List');
    const web1 = pods.items.find((pod) => pod.metadata.name === 'web-1')!;
    expect(web1).toMatchObject({ kind: 'Pod', status: { phase: 'Running' } });
    expect(web1.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(web1.metadata.resourceVersion).toMatch(/^\d+$/);

    const vms = parse(await kubectl.ok(['get', 'vm', '-n', 'shop', '-o', 'yaml'])) as { items: { apiVersion: string; metadata: { name: string }; spec: Record<string, unknown>; status: Record<string, unknown> }[] };
    const db = vms.items.find((vm) => vm.metadata.name === 'db')!;
    expect(db.apiVersion).toBe('vmoperator.vmware.com/v1alpha3');
    expect(db.spec).toMatchObject({ className: 'shop-small', imageName: 'ubuntu-22.04', storageClass: 'gold', volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }] });
    expect(db.status).toMatchObject({ powerState: 'PoweredOn', network: { primaryIP4: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) } });
    const cache = vms.items.find((vm) => vm.metadata.name === 'cache')!;
    expect(cache.spec.image).toEqual({ kind: 'VirtualMachineImage', name: 'photon-5' });

    const nodes = JSON.parse(await kubectl.ok(['get', 'nodes', '-o', 'json'])) as { items: { kind: string; metadata: { name: string } }[] };
    expect(nodes.items.length).toBeGreaterThan(0);
    expect(nodes.items.every((node) => node.kind === 'Node')).toBe(true);
    const nodeYaml = parse(await kubectl.ok(['get', 'node', nodes.items[0]!.metadata.name, '-o', 'yaml'])) as { kind: string; status: { conditions: { type: string; status: string }[] } };
    expect(nodeYaml.kind).toBe('Node');
    expect(nodeYaml.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));

    const podsWide = lines(await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'wide']));
    expect(podsWide[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\b/);
    expect(podsWide.find((line) => line.startsWith('web-1 '))).toMatch(/^web-1\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+\S+/);

    const vmTable = lines(await kubectl.ok(['get', 'vm', '-n', 'shop']));
    expect(vmTable[0]).toMatch(/^NAME\s+POWER-STATE\s+CLASS\s+IMAGE\s+PRIMARY-IP4\s+AGE$/);
    expect(vmTable.find((line) => line.startsWith('db '))).toMatch(/^db\s+PoweredOn\s+shop-small\s+ubuntu-22\.04\s+\d+\.\d+\.\d+\.\d+\s+\S+$/);
    expect(vmTable.find((line) => line.startsWith('cache '))).toMatch(/^cache\s+PoweredOff\s+shop-small\s+photon-5\s+\S+$/);
    const vmWide = lines(await kubectl.ok(['get', 'vm', '-n', 'shop', '-o', 'wide']));
    expect(vmWide[0]).toMatch(/^NAME\s+POWER-STATE\s+CLASS\s+IMAGE\s+PRIMARY-IP4\s+AGE\b/);

    const nodesWide = lines(await kubectl.ok(['get', 'nodes', '-o', 'wide']));
    expect(nodesWide[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\b/);
    expect(nodesWide[1]).toMatch(/^\S+\s+Ready\s+/);
  });

  it('get pods -w sees a new pod go Pending -> Running', async () => {
    await untilRunning('web-1');
    const watch = kubectl.watch(['get', 'pods', '-n', 'shop', '-w']);
    try {
      // The listed pods print first; after that the watch is open from the list's resourceVersion.
      await watch.waitForLine((line) => line.startsWith('web-1 '));
      await kubectl.ok(['apply', '-f', '-'], podNamed('ticker'));
      await watch.waitForLine((line) => /^ticker\s+1\/1\s+Running\b/.test(line));
      const tickerLines = watch.lines.filter((line) => line.startsWith('ticker '));
      const pending = tickerLines.findIndex((line) => /^ticker\s+0\/1\s+Pending\b/.test(line));
      const running = tickerLines.findIndex((line) => /^ticker\s+1\/1\s+Running\b/.test(line));
      expect(pending, tickerLines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(running).toBeGreaterThan(pending);
    } finally {
      await watch.stop();
    }
  });

  it('describes a pod with its events, and a node', async () => {
    await untilRunning('web-1');
    const pod = await kubectl.ok(['describe', 'pod', 'web-1', '-n', 'shop']);
    expect(pod).toMatch(/^Name:\s+web-1$/m);
    expect(pod).toMatch(/^Namespace:\s+shop$/m);
    expect(pod).toMatch(/^Status:\s+Running$/m);
    expect(pod).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/m);
    expect(pod).toMatch(/Normal\s+Scheduled\s/);
    expect(pod).toMatch(/Normal\s+Started\s/);

    const nodeName = (await kubectl.ok(['get', 'pod', 'web-1', '-n', 'shop', '-o', 'jsonpath={.spec.nodeName}'])).trim();
    expect(nodeName).not.toBe('');
    const node = await kubectl.ok(['describe', 'node', nodeName]);
    expect(node).toMatch(new RegExp(`^Name:\\s+${nodeName}$`, 'm'));
    expect(node).toMatch(/^Conditions:/m);
    expect(node).toMatch(/^Non-terminated Pods:/m);
    expect(node).toMatch(/\bshop\s+web-1\s/);
  });

  it('patches (strategic merge on a pod, merge on a VM), labels and annotates', async () => {
    await kubectl.ok(['patch', 'pod', 'web-2', '-n', 'shop', '-p', '{"metadata":{"labels":{"patched":"strategic"}}}']);
    expect(await kubectl.ok(['get', 'pod', 'web-2', '-n', 'shop', '-o', 'jsonpath={.metadata.labels.patched}'])).toBe('strategic');

    await kubectl.ok(['wait', '-n', 'shop', 'vm/db', '--for=jsonpath={.status.powerState}=PoweredOn', '--timeout=15s']);
    expect(await kubectl.ok(['patch', 'vm', 'db', '-n', 'shop', '--type', 'merge', '-p', '{"spec":{"powerState":"PoweredOff"}}'])).toMatch(/virtualmachine.vmoperator.vmware.com\/db patched/);
    await kubectl.ok(['wait', '-n', 'shop', 'vm/db', '--for=jsonpath={.status.powerState}=PoweredOff', '--timeout=15s']);
    const db = JSON.parse(await kubectl.ok(['get', 'vm', 'db', '-n', 'shop', '-o', 'json'])) as { spec: { className: string; powerState: string }; status: { powerState: string } };
    expect(db.spec).toMatchObject({ powerState: 'PoweredOff', className: 'shop-small' });
    expect(db.status.powerState).toBe('PoweredOff');

    expect(await kubectl.ok(['label', 'pod', 'web-2', '-n', 'shop', 'color=blue'])).toMatch(/pod\/web-2 labeled/);
    expect(await kubectl.ok(['annotate', 'pod', 'web-2', '-n', 'shop', 'note=hello'])).toMatch(/pod\/web-2 annotated/);
    expect(await kubectl.ok(['label', 'vm', 'db', '-n', 'shop', 'color=red'])).toMatch(/db labeled/);
    expect(await kubectl.ok(['annotate', 'vm', 'db', '-n', 'shop', 'note=hi'])).toMatch(/db annotated/);

    const web2 = JSON.parse(await kubectl.ok(['get', 'pod', 'web-2', '-n', 'shop', '-o', 'json'])) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(web2.metadata.labels).toMatchObject({ app: 'shop', tier: 'web', patched: 'strategic', color: 'blue' });
    expect(web2.metadata.annotations).toMatchObject({ note: 'hello' });
    expect(await kubectl.ok(['get', 'vm', '-n', 'shop', '-l', 'color=red', '-o', 'name'])).toBe('virtualmachine.vmoperator.vmware.com/db\n');
    expect(await kubectl.ok(['get', 'vm', 'db', '-n', 'shop', '-o', 'jsonpath={.metadata.annotations.note}'])).toBe('hi');

    expect(await kubectl.ok(['label', 'pod', 'web-2', '-n', 'shop', 'color-'])).toMatch(/pod\/web-2 unlabeled/);
    expect(await kubectl.ok(['get', 'pod', 'web-2', '-n', 'shop', '-o', 'jsonpath={.metadata.labels.color}'])).toBe('');
  });

  it('delete returns once the pod is gone, and a later get is NotFound', async () => {
    await kubectl.ok(['apply', '-f', '-'], podNamed('doomed'));
    await untilRunning('doomed');
    const started = Date.now();
    const deleted = await kubectl.run(['delete', 'pod', 'doomed', '-n', 'shop', '--timeout=15s']);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toBe('pod "doomed" deleted\n');
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await kubectl.run(['get', 'pod', 'doomed', '-n', 'shop']);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/Error from server \(NotFound\): pods "doomed" not found/);
  });

  it('delete waits while a finalizer holds the object and returns once it is gone', async () => {
    await kubectl.ok(['apply', '-f', '-'], `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: held
  namespace: shop
  finalizers: [example.com/hold]
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`);
    let finished = false;
    const deleting = kubectl.run(['delete', 'pvc', 'held', '-n', 'shop', '--timeout=15s']).finally(() => (finished = true));
    await vi.waitFor(
      async () => expect(await kubectl.ok(['get', 'pvc', 'held', '-n', 'shop', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).not.toBe(''),
      { timeout: 10_000, interval: 100 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(false);
    const used = async () => JSON.parse(await kubectl.ok(['get', 'quota', '-n', 'shop', '-o', 'json'])) as { items: { status: { used: Record<string, string> } }[] };
    await kubectl.ok(['patch', 'pvc', 'held', '-n', 'shop', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}']);
    const deleted = await deleting;
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toBe('persistentvolumeclaim "held" deleted\n');
    expect((await kubectl.run(['get', 'pvc', 'held', '-n', 'shop'])).stderr).toMatch(/\(NotFound\)/);
    // The claim's storage went back to the namespace once its last finalizer was removed.
    for (const quota of (await used()).items) expect(quota.status.used['requests.storage'] ?? '0').not.toBe('1Gi');
  });

  it('deletes a whole manifest, namespace first, with every line "deleted", and the namespace goes', async () => {
    await kubectl.ok(['apply', '-f', fixture('tight-quota.yaml')]);
    const result = await kubectl.run(['delete', '-f', fixture('tight-quota.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').every((line) => line.endsWith('deleted'))).toBe(true);
    await vi.waitFor(async () => expect((await kubectl.run(['get', 'namespace', 'tight'])).stderr).toMatch(/\(NotFound\)/), { timeout: 15_000, interval: 200 });
  });

  it('lists the history as events', async () => {
    await untilRunning('web-1');
    const events = lines(await kubectl.ok(['get', 'events', '-n', 'shop']));
    expect(events[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(events.some((line) => /\bCreated\s+pod\/web-1\b/.test(line))).toBe(true);
    expect(events.some((line) => /\bScheduled\s+pod\/web-1\b/.test(line))).toBe(true);
    expect(events.some((line) => /\bStarted\s+pod\/web-1\b/.test(line))).toBe(true);
    expect(events.some((line) => /\bCreated\s+virtualmachine\/db\b/.test(line))).toBe(true);

    const list = JSON.parse(await kubectl.ok(['get', 'events', '-n', 'shop', '--field-selector', 'involvedObject.name=web-1', '-o', 'json'])) as { items: { involvedObject: { kind: string; name: string }; reason: string; count?: number }[] };
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    expect(list.items.every((event) => event.involvedObject.kind === 'Pod' && event.involvedObject.name === 'web-1')).toBe(true);
  });

  it('explains fields and lists API resources with their short names', async () => {
    const explained = await kubectl.ok(['explain', 'virtualmachine.spec']);
    expect(explained).toMatch(/^GROUP:\s+vmoperator\.vmware\.com$/m);
    expect(explained).toMatch(/^KIND:\s+VirtualMachine$/m);
    expect(explained).toMatch(/^\s+className\s+<string>/m);
    expect(explained).toMatch(/^\s+powerState\s+<string>/m);
    expect(explained).toMatch(/^\s+imageName\s+<string>/m);

    const resources = await kubectl.ok(['api-resources']);
    expect(resources).toMatch(/^virtualmachines\s+vm\s+vmoperator\.vmware\.com\/v1alpha3\s+true\s+VirtualMachine$/m);
    expect(resources).toMatch(/^virtualmachineclasses\s+vmclass\s+vmoperator\.vmware\.com\/v1alpha3\s+true\s+VirtualMachineClass$/m);
    expect(resources).toMatch(/^tanzukubernetesclusters\s+tkc\s+run\.tanzu\.vmware\.com\/v1alpha3\s+true\s+TanzuKubernetesCluster$/m);
    expect(resources).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  it('names the kind and the object in Invalid errors', async () => {
    const result = await kubectl.run(['create', '-f', '-'], `apiVersion: vmoperator.vmware.com/v1alpha3
kind: VirtualMachine
metadata:
  name: no-storage
  namespace: shop
spec:
  className: best-effort-small
  imageName: ubuntu-22.04
`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The VirtualMachine "no-storage" is invalid: spec\.storageClass: Required value/m);
  });

  it('refuses a misspelt field under kubectl\'s default (strict) validation, and warns and drops it under --validate=warn and on patch', async () => {
    await kubectl.ok(['create', 'namespace', 'strictness']);
    const typo = podNamed('typo', 'strictness').replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    imagePullPolcy: Always\n');
    const strict = await kubectl.run(['apply', '-f', '-'], typo);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec\.containers\[0\]\.imagePullPolcy"/);
    expect((await kubectl.run(['get', 'pod', 'typo', '-n', 'strictness'])).code).toBe(1);

    const warned = await kubectl.run(['apply', '--validate=warn', '-f', '-'], typo);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.containers[0].imagePullPolcy"');
    const stored = JSON.parse(await kubectl.ok(['get', 'pod', 'typo', '-n', 'strictness', '-o', 'json']));
    expect(stored.spec.containers[0]).not.toHaveProperty('imagePullPolcy');
    expect(stored.spec.containers[0].image).toBe('nginx:1.27');

    // kubectl patch sends no directive: the server's default warns and drops.
    const patched = await kubectl.run(['patch', 'pod', 'typo', '-n', 'strictness', '--type=merge', '-p', '{"spec":{"nodeSelectr":{"zone":"a"}}}']);
    expect(patched.code).toBe(0);
    expect(patched.stderr).toContain('Warning: unknown field "spec.nodeSelectr"');
    expect(JSON.parse(await kubectl.ok(['get', 'pod', 'typo', '-n', 'strictness', '-o', 'json'])).spec).not.toHaveProperty('nodeSelectr');
  });

  it('apply --server-side by a second field manager conflicts until --force-conflicts, as managedFields are kept', async () => {
    await kubectl.ok(['create', 'namespace', 'ssa']);
    const labelled = (tier: string): string => podNamed('shared', 'ssa').replace('  namespace: ssa\n', `  namespace: ssa\n  labels:\n    tier: ${tier}\n`);
    expect(await kubectl.ok(['apply', '--server-side', '--field-manager=team-a', '-f', '-'], labelled('web'))).toBe('pod/shared serverside-applied\n');
    const clash = await kubectl.run(['apply', '--server-side', '--field-manager=team-b', '-f', '-'], labelled('db'));
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('Apply failed with 1 conflict: conflict with "team-a": .metadata.labels.tier');
    expect(await kubectl.ok(['apply', '--server-side', '--field-manager=team-b', '--force-conflicts', '-f', '-'], labelled('db'))).toBe('pod/shared serverside-applied\n');
    const shown = JSON.parse(await kubectl.ok(['get', 'pod', 'shared', '-n', 'ssa', '-o', 'json', '--show-managed-fields']));
    expect(shown.metadata.labels.tier).toBe('db');
    expect(shown.metadata.managedFields.map((entry: { manager: string }) => entry.manager)).toEqual(['team-a', 'team-b']);
  });

  it('accepts the protobuf bodies of kubectl create namespace, create quota and run', async () => {
    expect(await kubectl.ok(['create', 'namespace', 'made-by-create'])).toBe('namespace/made-by-create created\n');
    expect(await kubectl.ok(['create', 'quota', 'limits', '-n', 'made-by-create', '--hard=pods=3,requests.cpu=2'])).toBe('resourcequota/limits created\n');
    expect(await kubectl.ok(['run', 'one', '--image=nginx:1.27', '-n', 'made-by-create'])).toBe('pod/one created\n');
    const quota = JSON.parse(await kubectl.ok(['get', 'quota', 'limits', '-n', 'made-by-create', '-o', 'json']));
    expect(quota.spec.hard).toEqual({ pods: '3', 'requests.cpu': '2' });
    const pod = JSON.parse(await kubectl.ok(['get', 'pod', 'one', '-n', 'made-by-create', '-o', 'json']));
    expect(pod.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('reports NotFound and exceeded quota as kubectl errors', async () => {
    const missing = await kubectl.run(['get', 'pod', 'nope', '-n', 'shop']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');

    await kubectl.ok(['apply', '-f', fixture('tight-quota.yaml')]);
    const overQuota = await kubectl.run(['create', '-f', '-'], podNamed('second', 'tight'));
    expect(overQuota.code).toBe(1);
    expect(overQuota.stderr).toMatch(/^Error from server \(Forbidden\): .*pods "second" is forbidden: exceeded quota/m);
    expect(await kubectl.ok(['get', 'pods', '-n', 'tight', '-o', 'name'])).toBe('pod/only\n');
  });
});
