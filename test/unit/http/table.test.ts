import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { findByKind, findByPlural, resourceTypes } from '../../../src/adapters/http/kube/resource-types.ts';
import type { ResourceType } from '../../../src/adapters/http/kube/resource-type.ts';
import { humanDuration, tableContentType, toTable, wantsTable } from '../../../src/adapters/http/kube/table.ts';

const now = new Date('2025-06-01T12:00:00Z');
const ago = (seconds: number): string => new Date(now.getTime() - seconds * 1000).toISOString();
const type = (group: string, plural: string): ResourceType => findByPlural(group, plural)!;

/** The header row and cells as kubectl prints them without -o wide (priority 0 columns). */
const printed = (t: ResourceType, objects: KubeObject[], wide = false): (string | number | boolean | null)[][] => {
  const table = toTable(t, objects, { now });
  const shown = table.columnDefinitions.map((c, i) => (wide || c.priority === 0 ? i : -1)).filter((i) => i >= 0);
  return [shown.map((i) => table.columnDefinitions[i]!.name.toUpperCase()), ...table.rows.map((r) => shown.map((i) => r.cells[i]!))];
};

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [5, '5s'],
    [119, '119s'],
    [120, '2m'],
    [200, '3m20s'],
    [15 * 60, '15m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [5 * 3600 + 10 * 60, '5h10m'],
    [20 * 3600, '20h'],
    [2 * 86400, '2d'],
    [3 * 86400 + 4 * 3600, '3d4h'],
    [30 * 86400, '30d'],
    [2 * 365 * 86400 + 10 * 86400, '2y10d'],
    [9 * 365 * 86400, '9y'],
  ])('%is is %s', (seconds, expected) => {
    expect(humanDuration(seconds * 1000)).toBe(expected);
  });

  it('tolerates a little clock skew and flags more', () => {
    expect(humanDuration(-1500)).toBe('0s');
    expect(humanDuration(-5000)).toBe('<invalid>');
  });
});

describe('toTable', () => {
  const pod = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', creationTimestamp: ago(300), resourceVersion: '7', labels: { app: 'shop' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'sidecar', image: 'envoy' }], nodeName: 'esx-01' },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      containerStatuses: [
        { name: 'web', ready: true, restartCount: 2 },
        { name: 'sidecar', ready: false, restartCount: 1 },
      ],
    },
    ...extra,
  });

  it('renders pods like kubectl, with IP and NODE only for -o wide', () => {
    const pending: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', creationTimestamp: ago(5) }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    const leaving = pod('old', { metadata: { name: 'old', creationTimestamp: ago(3 * 86400), deletionTimestamp: ago(1) } });
    expect(printed(type('', 'pods'), [pod('web-1'), pending, leaving])).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web-1', '1/2', 'Running', 3, '5m'],
      ['new', '0/1', 'Pending', 0, '5s'],
      ['old', '1/2', 'Terminating', 3, '3d'],
    ]);
    expect(printed(type('', 'pods'), [pod('web-1'), pending], true)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'],
      ['web-1', '1/2', 'Running', 3, '5m', '10.0.0.5', 'esx-01'],
      ['new', '0/1', 'Pending', 0, '5s', '<none>', '<none>'],
    ]);
  });

  it('shows a waiting container reason as the pod status', () => {
    const crashing = pod('c', { status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
    expect(printed(type('', 'pods'), [crashing])[1]).toEqual(['c', '0/2', 'CrashLoopBackOff', 4, '5m']);
  });

  it('renders virtual machines from imageName or image.name', () => {
    const vm = (name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
      apiVersion: 'vmoperator.vmware.com/v1alpha3',
      kind: 'VirtualMachine',
      metadata: { name, namespace: 'shop', creationTimestamp: ago(7200) },
      spec,
      ...(status ? { status } : {}),
    });
    expect(printed(type('vmoperator.vmware.com', 'virtualmachines'), [
      vm('db', { className: 'small', imageName: 'ubuntu-22.04' }, { powerState: 'PoweredOn', network: { primaryIP4: '192.168.1.10' } }),
      vm('web', { className: 'large', image: { kind: 'ClusterVirtualMachineImage', name: 'photon-5' } }),
    ])).toEqual([
      ['NAME', 'POWER-STATE', 'CLASS', 'IMAGE', 'PRIMARY-IP4', 'AGE'],
      ['db', 'PoweredOn', 'small', 'ubuntu-22.04', '192.168.1.10', '120m'],
      ['web', null, 'large', 'photon-5', null, '120m'],
    ]);
  });

  it('renders nodes with readiness, cordon, roles and version', () => {
    const node = (name: string, ready: string | undefined, extra: Partial<KubeObject> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, creationTimestamp: ago(86400 * 10), labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': '' } },
      status: {
        ...(ready ? { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] } : {}),
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'ESXi 8.0' },
        addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: '10.10.0.1' }],
      },
      ...extra,
    });
    const cordoned = node('esx-02', 'True', { metadata: { name: 'esx-02', creationTimestamp: ago(3600) }, spec: { unschedulable: true } });
    expect(printed(type('', 'nodes'), [node('esx-01', 'True'), cordoned, node('esx-03', 'False'), node('esx-04', undefined)], true)).toEqual([
      ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'OS-IMAGE'],
      ['esx-01', 'Ready', 'control-plane,worker', '10d', 'v1.32.0', '10.10.0.1', 'ESXi 8.0'],
      ['esx-02', 'Ready,SchedulingDisabled', '<none>', '60m', 'v1.32.0', '10.10.0.1', 'ESXi 8.0'],
      ['esx-03', 'NotReady', 'control-plane,worker', '10d', 'v1.32.0', '10.10.0.1', 'ESXi 8.0'],
      ['esx-04', 'Unknown', 'control-plane,worker', '10d', 'v1.32.0', '10.10.0.1', 'ESXi 8.0'],
    ]);
  });

  it('renders guest clusters with their node counts, release and readiness', () => {
    const tkc: KubeObject = {
      apiVersion: 'run.tanzu.vmware.com/v1alpha3',
      kind: 'TanzuKubernetesCluster',
      metadata: { name: 'dev', namespace: 'shop', creationTimestamp: ago(600) },
      spec: { topology: { controlPlane: { replicas: 3, tkr: { reference: { name: 'v1.29.4---vmware.3-fips.1-tkg.1' } } }, nodePools: [{ name: 'a', replicas: 3 }, { name: 'b', replicas: 2 }] } },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(printed(type('run.tanzu.vmware.com', 'tanzukubernetesclusters'), [tkc])).toEqual([
      ['NAME', 'CONTROL-PLANE', 'WORKER', 'TKR', 'AGE', 'READY'],
      ['dev', 3, 5, 'v1.29.4---vmware.3-fips.1-tkg.1', '10m', 'True'],
    ]);
  });

  it('renders the other kinds kubectl users know', () => {
    const meta = (name: string) => ({ name, namespace: 'shop', creationTimestamp: ago(60) });
    expect(printed(type('vmoperator.vmware.com', 'virtualmachineclasses'), [{ apiVersion: 'x', kind: 'VirtualMachineClass', metadata: meta('small'), spec: { hardware: { cpus: 2, memory: '4Gi' } } }])).toEqual([
      ['NAME', 'CPU', 'MEMORY', 'AGE'],
      ['small', 2, '4Gi', '60s'],
    ]);
    expect(printed(type('vmoperator.vmware.com', 'clustervirtualmachineimages'), [{ apiVersion: 'x', kind: 'ClusterVirtualMachineImage', metadata: meta('vmi-1'), status: { name: 'ubuntu-22.04', productInfo: { version: '22.04' }, osInfo: { type: 'linux' } } }])).toEqual([
      ['NAME', 'IMAGE-NAME', 'VERSION', 'OS-TYPE', 'AGE'],
      ['vmi-1', 'ubuntu-22.04', '22.04', 'linux', '60s'],
    ]);
    expect(printed(type('', 'namespaces'), [{ apiVersion: 'v1', kind: 'Namespace', metadata: meta('shop'), status: { phase: 'Active' } }])).toEqual([
      ['NAME', 'STATUS', 'AGE'],
      ['shop', 'Active', '60s'],
    ]);
    expect(printed(type('', 'persistentvolumeclaims'), [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], storageClassName: 'gold', volumeName: 'pv-1' }, status: { phase: 'Bound', capacity: { storage: '20Gi' } } }])).toEqual([
      ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'AGE'],
      ['data', 'Bound', 'pv-1', '20Gi', 'RWO,ROX', 'gold', '60s'],
    ]);
    expect(printed(type('storage.k8s.io', 'storageclasses'), [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { ...meta('gold'), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'csi.vsphere.vmware.com' }])).toEqual([
      ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
      ['gold (default)', 'csi.vsphere.vmware.com', 'Delete', 'Immediate', false, '60s'],
    ]);
    expect(printed(type('run.tanzu.vmware.com', 'tanzukubernetesreleases'), [{ apiVersion: 'x', kind: 'TanzuKubernetesRelease', metadata: meta('v1.29.4'), spec: { version: 'v1.29.4+vmware.3' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }])).toEqual([
      ['NAME', 'VERSION', 'READY', 'AGE'],
      ['v1.29.4', 'v1.29.4+vmware.3', 'True', '60s'],
    ]);
    expect(printed(type('pacific.io', 'namespacesnapshots'), [{ apiVersion: 'pacific.io/v1alpha1', kind: 'NamespaceSnapshot', metadata: meta('before-upgrade'), status: { phase: 'Succeeded' } }])).toEqual([
      ['NAME', 'PHASE', 'AGE'],
      ['before-upgrade', 'Succeeded', '60s'],
    ]);
  });

  it('renders quotas as kubectl does: used/hard per resource, limits.* apart', () => {
    const quota: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'shop-limits', namespace: 'shop', creationTimestamp: ago(60) },
      spec: { hard: { pods: '10', 'requests.cpu': '8', 'limits.memory': '1Gi' } },
      status: { hard: { pods: '10', 'requests.cpu': '8', 'limits.memory': '1Gi' }, used: { pods: '2', 'requests.cpu': '1' } },
    };
    expect(printed(type('', 'resourcequotas'), [quota])).toEqual([
      ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
      ['shop-limits', '60s', 'pods: 2/10, requests.cpu: 1/8', 'limits.memory: 0/1Gi'],
    ]);
  });

  it('renders events like kube-apiserver: NAME last and only with -o wide', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'db.1', namespace: 'shop', creationTimestamp: ago(90) },
      involvedObject: { kind: 'VirtualMachine', name: 'db', namespace: 'shop' },
      reason: 'PoweredOn',
      message: 'The VM is powered on',
      type: 'Normal',
      firstTimestamp: ago(90),
      lastTimestamp: ago(30),
      count: 2,
      source: { component: 'pacific', host: 'esx-01' },
    };
    expect(printed(type('', 'events'), [event])).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      ['30s', 'Normal', 'PoweredOn', 'virtualmachine/db', 'The VM is powered on'],
    ]);
    const table = toTable(type('', 'events'), [event], { now });
    expect(table.columnDefinitions.at(-1)).toMatchObject({ name: 'Name', format: 'name', priority: 1 });
    expect(table.rows[0]!.cells).toEqual(['30s', 'Normal', 'PoweredOn', 'virtualmachine/db', null, 'pacific, esx-01', 'The VM is powered on', '90s', 2, 'db.1']);
  });

  it('never throws on objects missing fields', () => {
    for (const t of resourceTypes) {
      const table = toTable(t, [{ apiVersion: 'v1', kind: t.kind, metadata: {} }, { apiVersion: 'v1', kind: t.kind, metadata: { name: 'x' }, spec: { containers: 'oops' }, status: { conditions: 'oops', containerStatuses: [null] } } as unknown as KubeObject], { now });
      expect(table.rows).toHaveLength(2);
      expect(table.rows[0]!.cells).toHaveLength(t.printerColumns.length);
    }
  });

  it('starts every table with the Name column (except events, as kube-apiserver) and sends all columns', () => {
    for (const t of resourceTypes) {
      const { columnDefinitions } = toTable(t, [], { now });
      const name = t.kind === 'Event' ? columnDefinitions.at(-1)! : columnDefinitions[0]!;
      expect(name).toMatchObject({ name: 'Name', type: 'string', format: 'name' });
      expect(columnDefinitions.map((c) => c.name)).toEqual(t.printerColumns.map((c) => c.name));
      expect(columnDefinitions.every((c) => ['string', 'integer', 'number', 'boolean'].includes(c.type))).toBe(true);
    }
  });

  it('carries metadata, the whole object or nothing in each row, and the list metadata', () => {
    const pods = type('', 'pods');
    const web = pod('web-1');
    const table = toTable(pods, [web], { now, listMeta: { resourceVersion: '42', continue: 'abc', remainingItemCount: 3 } });
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '42', continue: 'abc', remainingItemCount: 3 } });
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: web.metadata });
    expect(toTable(pods, [web], { now, includeObject: 'Object' }).rows[0]!.object).toEqual(web);
    expect(toTable(pods, [web], { now, includeObject: 'None' }).rows[0]).not.toHaveProperty('object');
    expect(toTable(pods, [web], { now, version: 'v1beta1' })).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1', rows: [{ object: { apiVersion: 'meta.k8s.io/v1beta1' } }] });
    expect(toTable(pods, [], { now }).metadata).toEqual({});
  });

  it('prints <unknown> for an object without a creation timestamp', () => {
    const vm = findByKind('vmoperator.vmware.com', 'VirtualMachine')!;
    expect(toTable(vm, [{ apiVersion: 'x', kind: 'VirtualMachine', metadata: { name: 'a' } }], { now }).rows[0]!.cells.at(-1)).toBe('<unknown>');
  });
});

describe('wantsTable', () => {
  it('recognises what kubectl get sends', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toEqual({ table: true, version: 'v1' });
    expect(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json')).toEqual({ table: true, version: 'v1beta1' });
    expect(wantsTable('application/json; as=Table; g=meta.k8s.io; v=v1')).toEqual({ table: true, version: 'v1' });
  });

  it('skips media types it cannot serve and stops at the first plain JSON', () => {
    expect(wantsTable('application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io')).toEqual({ table: true, version: 'v1' });
    expect(wantsTable('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toEqual({ table: false, version: 'v1' });
    expect(wantsTable('application/json,application/json;as=Table;v=v1;g=meta.k8s.io')).toEqual({ table: false, version: 'v1' });
    expect(wantsTable('application/json')).toEqual({ table: false, version: 'v1' });
    expect(wantsTable(undefined)).toEqual({ table: false, version: 'v1' });
    expect(wantsTable('*/*')).toEqual({ table: false, version: 'v1' });
  });

  it('names the content type of a Table reply', () => {
    expect(tableContentType()).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(tableContentType('v1beta1')).toBe('application/json;as=Table;v=v1beta1;g=meta.k8s.io');
  });
});
