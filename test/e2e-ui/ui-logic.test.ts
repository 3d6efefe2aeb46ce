import { describe, expect, it } from 'vitest';
import { appendSample, stepPath, timeTicks } from '../../ui/src/lib/chart.ts';
import { collectionPath, historyPath, KINDS, objectPath } from '../../ui/src/lib/kinds.ts';
import { nameProblem, timestampedName } from '../../ui/src/lib/names.ts';
import { LineSplitter } from '../../ui/src/lib/ndjson.ts';
import { encryptionEnabled, governingPolicy, isEncrypted, stateOf, type KubeObject } from '../../ui/src/lib/objects.ts';
import { formatBytes, parseQuantity, percent } from '../../ui/src/lib/quantity.ts';
import { hardFrom, inputFrom, quotaRows } from '../../ui/src/lib/quota.ts';
import { hrefs, parseRoute } from '../../ui/src/lib/routes.ts';

const object = (kind: string, name: string, rest: Partial<KubeObject> = {}): KubeObject => ({ kind, metadata: { name }, ...rest });

describe('console logic', () => {
  it('reads Kubernetes quantities and prints them for people', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('4Gi')).toBe(4 * 2 ** 30);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity('lots')).toBeNaN();
    expect(formatBytes(1536 * 2 ** 20)).toBe('1.5 GiB');
    expect(formatBytes(0)).toBe('0 B');
    expect(percent(3, 4)).toBe(75);
    expect(percent(5, 0)).toBe(0);
    expect(percent(9, 4)).toBe(100);
  });

  it('splits a watch stream into lines whatever the chunking', () => {
    const lines = new LineSplitter();
    expect(lines.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(lines.push(':2}\n\n')).toEqual(['{"b":2}']);
    expect(lines.push('{"c":3}')).toEqual([]);
    expect(lines.flush()).toEqual(['{"c":3}']);
  });

  it('builds API paths for every kind, namespaced or not', () => {
    expect(collectionPath(KINDS.Pod)).toBe('/api/v1/pods');
    expect(collectionPath(KINDS.VirtualMachine, 'shop')).toBe('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines');
    expect(collectionPath(KINDS.Namespace, null, { fieldSelector: 'metadata.name=shop' })).toBe('/api/v1/namespaces?fieldSelector=metadata.name%3Dshop');
    expect(objectPath(KINDS.Node, null, 'esx-01')).toBe('/api/v1/nodes/esx-01');
    expect(historyPath(KINDS.VirtualMachine, 'shop', 'db')).toBe('/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind%3DVirtualMachine%2CinvolvedObject.name%3Ddb');
    expect(historyPath(KINDS.Node, null, 'esx-01')).toBe('/api/v1/events?fieldSelector=involvedObject.kind%3DNode%2CinvolvedObject.name%3Desx-01');
  });

  it('routes every page and back', () => {
    expect(parseRoute('/ui/')).toEqual({ page: 'inventory' });
    expect(parseRoute('/ui/namespaces/shop')).toEqual({ page: 'namespace', namespace: 'shop' });
    expect(parseRoute(hrefs.object(KINDS.VirtualMachine, 'shop', 'db'))).toEqual({ page: 'object', kind: KINDS.VirtualMachine, namespace: 'shop', name: 'db' });
    expect(parseRoute(hrefs.object(KINDS.Node, null, 'esx-01'))).toEqual({ page: 'object', kind: KINDS.Node, namespace: null, name: 'esx-01' });
    expect(parseRoute('/ui/cluster/pods/x').page).toBe('missing');
    expect(parseRoute('/ui/namespaces/shop/nothings/x').page).toBe('missing');
  });

  it('names what a click creates', () => {
    expect(timestampedName('snapshot', new Date('2026-11-25T14:02:03Z'))).toBe('snapshot-20261125-140203');
    expect(nameProblem(timestampedName('x'.repeat(80), new Date(0)))).toBeUndefined();
    expect(nameProblem('Shop')).toMatch(/Lower-case/);
    expect(nameProblem('')).toBe('Enter a name.');
    expect(nameProblem('shop-1')).toBeUndefined();
  });

  it('merges quotas into the tightest limit of each resource', () => {
    const quotas = [
      object('ResourceQuota', 'a', { spec: { hard: { cpu: '8' } }, status: { hard: { cpu: '8' }, used: { cpu: '500m' } } }),
      object('ResourceQuota', 'b', { status: { hard: { 'requests.cpu': '4', 'requests.memory': '16Gi' }, used: { 'requests.cpu': '500m', 'requests.memory': '1Gi' } } }),
    ];
    expect(quotaRows(quotas).map(({ resource, used, hard }) => ({ resource, used, hard }))).toEqual([
      { resource: 'requests.cpu', used: 0.5, hard: 4 },
      { resource: 'requests.memory', used: 2 ** 30, hard: 16 * 2 ** 30 },
    ]);
    expect(hardFrom({ cpu: '8', memory: ' 16Gi ', storage: '', pods: '', virtualMachines: '3' })).toEqual({ hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', 'count/virtualmachines.vmoperator.vmware.com': '3' } });
    expect(hardFrom({ cpu: 'eight', memory: '', storage: '', pods: '', virtualMachines: '' })).toEqual({ problem: expect.stringMatching(/CPU/) });
    expect(inputFrom(quotas[0]).cpu).toBe('8');
  });

  it('reads encryption, state and the governing policy as the server does', () => {
    expect(isEncrypted(object('VirtualMachine', 'db', { status: { crypto: { encrypted: ['Config', 'Disks'] } } }))).toBe(true);
    expect(isEncrypted(object('VirtualMachine', 'db', { status: {} }))).toBe(false);
    expect(isEncrypted(object('Pod', 'web', { status: { conditions: [{ type: 'pacific.io/Encrypted', status: 'True' }] } }))).toBe(true);
    expect(stateOf(object('Node', 'esx-01', { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }))).toBe('Ready, cordoned');
    const older = object('NamespacePolicy', 'b', { spec: { encryption: { enabled: true } } });
    older.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    const newer = object('NamespacePolicy', 'a', { spec: { encryption: 'Disabled' } });
    newer.metadata.creationTimestamp = '2026-02-01T00:00:00Z';
    expect(governingPolicy([newer, older])).toBe(older);
    expect(encryptionEnabled(older)).toBe(true);
    expect(encryptionEnabled(newer)).toBe(false);
  });

  it('draws utilisation as steps clipped to the window, and keeps the sample the line starts from', () => {
    const frame = { width: 100, height: 10, t0: 1000, t1: 2000 };
    expect(stepPath([{ t: 500, v: 0.5 }, { t: 1500, v: 1 }], frame)).toBe('M0.0 5.0H50.0V0.0H100.0');
    expect(stepPath([{ t: 1000, v: 0 }, { t: 1200, v: null }, { t: 1600, v: 0.5 }], frame)).toBe('M0.0 10.0M60.0 5.0H100.0');
    expect(stepPath([], frame)).toBe('');
    expect(timeTicks(0, 3600_000, 6)).toEqual([0, 600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000]);
    expect(timeTicks(500, 2500, 3)).toEqual([1000, 2000]);
    const kept = appendSample([{ t: 1 }, { t: 5 }, { t: 9 }], { t: 12 }, 6, 10);
    expect(kept).toEqual([{ t: 5 }, { t: 9 }, { t: 12 }]);
    expect(appendSample([{ t: 1 }, { t: 2 }], { t: 3 }, 0, 2)).toEqual([{ t: 2 }, { t: 3 }]);
  });
});
