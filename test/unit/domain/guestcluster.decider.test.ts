import { describe, expect, it } from 'vitest';
import {
  guestClusterDecider,
  parseReleaseVersion,
  tryParseReleaseVersion,
  type GuestClusterCommand,
  type GuestClusterEvent,
  type GuestClusterState,
} from '../../../src/domain/guestcluster/index.ts';
import { fold } from '../../../src/domain/shared/decider.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(guestClusterDecider);
const ref = { namespace: 'shop', name: 'tkc' };
const v128 = 'v1.28.8---vmware.1-fips.1-tkg.2';
const v129 = 'v1.29.4---vmware.3-fips.1-tkg.1';
const v130 = 'v1.30.1---vmware.1-fips-tkg.5';

type DataOf<U extends { type: string; data: object }, T extends U['type']> = Omit<Extract<U, { type: T }>['data'], 'namespace' | 'name'> & { name?: string };
const command = <T extends GuestClusterCommand['type']>(type: T, data: DataOf<GuestClusterCommand, T>, now?: string): GuestClusterCommand =>
  ({ type, data: { ...ref, ...data }, metadata: at(now) }) as GuestClusterCommand;
const event = <T extends GuestClusterEvent['type']>(type: T, ...[data]: {} extends DataOf<GuestClusterEvent, T> ? [DataOf<GuestClusterEvent, T>?] : [DataOf<GuestClusterEvent, T>]): GuestClusterEvent =>
  ({ type, data: { ...ref, ...data } }) as GuestClusterEvent;

const controlPlane = { replicas: 1, vmClass: 'best-effort-medium', storageClass: 'gold' };
const workers = { name: 'workers', replicas: 2, vmClass: 'best-effort-large', storageClass: 'gold' };
const createData = { uid: 'u-1', version: v128, controlPlane, nodePools: [workers] };
const created = event('GuestClusterCreated', { ...createData, labels: {}, annotations: {}, givenSpec: {}, createdAt: '2026-11-25T09:00:00.000Z' });

const requested = (nodeName: string, pool: string | null, version = v128) =>
  event('GuestClusterNodeRequested', { nodeName, role: pool === null ? 'ControlPlane' : 'Worker', pool, version });
const ready = (nodeName: string) => event('GuestClusterNodeReady', { nodeName });
const removed = (nodeName: string, pool: string | null) => event('GuestClusterNodeRemoved', { nodeName, role: pool === null ? 'ControlPlane' : 'Worker', pool });
const nodes: [string, string | null][] = [['tkc-cp-1', null], ['tkc-workers-1', 'workers'], ['tkc-workers-2', 'workers']];
const running = [created, ...nodes.map(([node, pool]) => requested(node, pool)), ...nodes.map(([node]) => ready(node))];
const statusOf = (events: GuestClusterEvent[]): GuestClusterState['status'] => fold(guestClusterDecider, events).status;

describe('release versions', () => {
  it('parses TKR names and plain semver', () => {
    expect(parseReleaseVersion(v129)).toEqual({ major: 1, minor: 29, patch: 4 });
    expect(parseReleaseVersion('v1.30.1+vmware.1')).toEqual({ major: 1, minor: 30, patch: 1 });
    expect(parseReleaseVersion('1.27.0')).toEqual({ major: 1, minor: 27, patch: 0 });
  });
  it('refuses names that are not releases', () => {
    expect(tryParseReleaseVersion('latest')).toBeNull();
    expect(tryParseReleaseVersion('v1.29')).toBeNull();
    expect(() => parseReleaseVersion('v1.029.1')).toThrow(/Tanzu Kubernetes release/);
  });
});

describe('GuestCluster decider', () => {
  describe('create', () => {
    it('creates a cluster that is Creating until its nodes are ready', () => {
      const state = spec.given([]).when(command('CreateGuestCluster', createData, '2026-11-25T09:00:00.000Z')).then([created]);
      expect(state).toMatchObject({ status: 'Creating', spec: { version: v128, controlPlane, nodePools: [workers] }, nodes: {} });
    });
    it('refuses a second cluster with the same name', () => {
      spec.given([created]).when(command('CreateGuestCluster', { ...createData, uid: 'u-2' })).thenThrows('AlreadyExists');
    });
    it('accepts only 1 or 3 control-plane replicas', () => {
      spec.given([]).when(command('CreateGuestCluster', { ...createData, controlPlane: { ...controlPlane, replicas: 2 } })).thenThrows('Invalid', /controlPlane.replicas: Unsupported value: 2/);
      spec.given([]).when(command('CreateGuestCluster', { ...createData, controlPlane: { ...controlPlane, replicas: 3 } })).then([event('GuestClusterCreated', { ...createData, controlPlane: { ...controlPlane, replicas: 3 }, labels: {}, annotations: {}, givenSpec: {}, createdAt: '2026-11-25T10:00:00.000Z' })]);
    });
    it('refuses duplicate or invalid pool names, negative replicas and a bad version', () => {
      spec.given([]).when(command('CreateGuestCluster', { ...createData, nodePools: [workers, workers] })).thenThrows('Invalid', /nodePools\[1\].name: Duplicate value/);
      spec.given([]).when(command('CreateGuestCluster', { ...createData, nodePools: [{ ...workers, name: 'Big_Pool' }] })).thenThrows('Invalid', /nodePools\[0\].name/);
      spec.given([]).when(command('CreateGuestCluster', { ...createData, nodePools: [{ ...workers, replicas: -1 }] })).thenThrows('Invalid', /replicas/);
      spec.given([]).when(command('CreateGuestCluster', { ...createData, version: 'latest' })).thenThrows('Invalid', /tkr.reference.name/);
    });
  });

  describe('nodes and phases', () => {
    it('records requested nodes, then is Running once every desired node is ready', () => {
      spec.given([created]).when(command('RequestGuestClusterNode', { nodeName: 'tkc-cp-1', role: 'ControlPlane', pool: null, version: v128 })).then([requested('tkc-cp-1', null)]);
      expect(statusOf(running.slice(0, -1))).toBe('Creating');
      const state = spec.given(running.slice(0, -1)).when(command('MarkGuestClusterNodeReady', { nodeName: 'tkc-workers-2' })).then([ready('tkc-workers-2')]);
      expect(state.status).toBe('Running');
    });
    it('requesting the same node twice changes nothing; marking a ready node ready changes nothing', () => {
      spec.given([created, requested('tkc-cp-1', null)]).when(command('RequestGuestClusterNode', { nodeName: 'tkc-cp-1', role: 'ControlPlane', pool: null, version: v128 })).then([]);
      spec.given(running).when(command('MarkGuestClusterNodeReady', { nodeName: 'tkc-cp-1' })).then([]);
      spec.given(running).when(command('MarkGuestClusterNodeReady', { nodeName: 'nope' })).thenThrows('NotFound');
    });
    it('refuses nodes beyond the desired count, in unknown pools, or at another release', () => {
      spec.given(running).when(command('RequestGuestClusterNode', { nodeName: 'tkc-workers-3', role: 'Worker', pool: 'workers', version: v128 })).thenThrows('Conflict', /2 of 2/);
      spec.given([created]).when(command('RequestGuestClusterNode', { nodeName: 'x', role: 'Worker', pool: 'gpu', version: v128 })).thenThrows('NotFound', /node pool "gpu"/);
      spec.given([created]).when(command('RequestGuestClusterNode', { nodeName: 'x', role: 'Worker', pool: null, version: v128 })).thenThrows('Invalid');
      spec.given([created]).when(command('RequestGuestClusterNode', { nodeName: 'x', role: 'ControlPlane', pool: 'workers', version: v128 })).thenThrows('Invalid');
      spec.given([created]).when(command('RequestGuestClusterNode', { nodeName: 'x', role: 'ControlPlane', pool: null, version: v129 })).thenThrows('Conflict', /must run/);
    });
    it('a Running cluster short of ready nodes is Updating, not Creating', () => {
      expect(statusOf([...running, removed('tkc-workers-2', 'workers')])).toBe('Updating');
      expect(statusOf([...running, removed('tkc-workers-2', 'workers'), requested('tkc-workers-3', 'workers'), ready('tkc-workers-3')])).toBe('Running');
    });
    it('removes a node once', () => {
      spec.given(running).when(command('RemoveGuestClusterNode', { nodeName: 'tkc-workers-2' })).then([removed('tkc-workers-2', 'workers')]);
      spec.given(running).when(command('RemoveGuestClusterNode', { nodeName: 'nope' })).then([]);
    });
    it('marks a cluster failed', () => {
      const state = spec.given(running).when(command('MarkGuestClusterFailed', { reason: 'control plane unreachable' })).then([event('GuestClusterFailed', { reason: 'control plane unreachable' })]);
      expect(state.status).toBe('Failed');
      spec.given([...running, event('GuestClusterFailed', { reason: 'x' })]).when(command('MarkGuestClusterFailed', { reason: 'x' })).then([]);
    });
  });

  describe('scaling', () => {
    const scaled = event('GuestClusterNodePoolScaled', { pool: 'workers', fromReplicas: 2, toReplicas: 3 });
    it('scales a pool up; the cluster updates until the new node is ready', () => {
      const state = spec.given(running).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: 3 })).then([scaled]);
      expect(state.status).toBe('Updating');
      expect(statusOf([...running, scaled, requested('tkc-workers-3', 'workers'), ready('tkc-workers-3')])).toBe('Running');
    });
    it('scales down; surplus nodes keep it Updating until removed', () => {
      const down = event('GuestClusterNodePoolScaled', { pool: 'workers', fromReplicas: 2, toReplicas: 0 });
      spec.given(running).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: 0 })).then([down]);
      expect(statusOf([...running, down, removed('tkc-workers-1', 'workers')])).toBe('Updating');
      expect(statusOf([...running, down, removed('tkc-workers-1', 'workers'), removed('tkc-workers-2', 'workers')])).toBe('Running');
    });
    it('scaling to the same size changes nothing; unknown pools and negative sizes are refused', () => {
      spec.given(running).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: 2 })).then([]);
      spec.given(running).when(command('ScaleGuestClusterNodePool', { pool: 'gpu', replicas: 1 })).thenThrows('NotFound');
      spec.given(running).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: -1 })).thenThrows('Invalid', /nodePools\[0\].replicas/);
    });
    it('adds and removes pools', () => {
      const gpu = { name: 'gpu', replicas: 1, vmClass: 'gpu-large', storageClass: 'gold' };
      spec.given(running).when(command('AddGuestClusterNodePool', { pool: gpu })).then([event('GuestClusterNodePoolAdded', { pool: gpu })]);
      spec.given(running).when(command('AddGuestClusterNodePool', { pool: workers })).thenThrows('AlreadyExists');
      const poolRemoved = event('GuestClusterNodePoolRemoved', { pool: 'workers' });
      spec.given(running).when(command('RemoveGuestClusterNodePool', { pool: 'workers' })).then([poolRemoved]);
      expect(statusOf([...running, poolRemoved])).toBe('Updating');
      spec.given(running).when(command('RemoveGuestClusterNodePool', { pool: 'gpu' })).then([]);
    });
  });

  describe('upgrades', () => {
    const started = event('GuestClusterUpgradeStarted', { fromVersion: v128, toVersion: v129, startedAt: '2026-11-25T10:00:00.000Z' });
    const replaced = (oldNode: string, newNode: string, pool: string | null) =>
      event('GuestClusterNodeReplaced', { oldNode, newNode, role: pool === null ? 'ControlPlane' : 'Worker', pool, version: v129 });
    const rolled = [
      ...running,
      started,
      replaced('tkc-cp-1', 'tkc-cp-2', null),
      replaced('tkc-workers-1', 'tkc-workers-3', 'workers'),
      replaced('tkc-workers-2', 'tkc-workers-4', 'workers'),
      ...['tkc-cp-2', 'tkc-workers-3', 'tkc-workers-4'].map(ready),
    ];

    it('starts an upgrade to the next minor and is Updating', () => {
      const state = spec.given(running).when(command('StartGuestClusterUpgrade', { version: v129 })).then([started]);
      expect(state).toMatchObject({ status: 'Updating', spec: { version: v129 }, upgrade: { fromVersion: v128, toVersion: v129 } });
    });
    it('allows a later patch of the same minor', () => {
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: 'v1.28.9---vmware.1-tkg.1' })).then([event('GuestClusterUpgradeStarted', { fromVersion: v128, toVersion: 'v1.28.9---vmware.1-tkg.1', startedAt: '2026-11-25T10:00:00.000Z' })]);
    });
    it('the same version changes nothing', () => {
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: v128 })).then([]);
      spec.given([...running, started]).when(command('StartGuestClusterUpgrade', { version: v129 })).then([]);
    });
    it('refuses a skipped minor, a downgrade, a major change, another upgrade while one runs, and a bad name', () => {
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: v130 })).thenThrows('Invalid', /cannot skip minor versions.*v1\.29\.x, not v1\.30\.1/);
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: 'v1.27.10---vmware.1-tkg.1' })).thenThrows('Invalid', /cannot downgrade/);
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: 'v1.28.7---vmware.1-tkg.1' })).thenThrows('Invalid', /cannot downgrade/);
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: 'v2.0.0---vmware.1-tkg.1' })).thenThrows('Invalid', /across major versions/);
      spec.given([...running, started]).when(command('StartGuestClusterUpgrade', { version: v130 })).thenThrows('Invalid', /already in progress/);
      spec.given(running).when(command('StartGuestClusterUpgrade', { version: 'newest' })).thenThrows('Invalid');
    });
    it('replaces nodes one by one with not-yet-ready nodes at the target release', () => {
      const state = spec.given([...running, started]).when(command('ReplaceGuestClusterNode', { oldNode: 'tkc-cp-1', newNode: 'tkc-cp-2' })).then([replaced('tkc-cp-1', 'tkc-cp-2', null)]);
      expect(state.status === 'Updating' && state.nodes['tkc-cp-2']).toEqual({ role: 'ControlPlane', pool: null, version: v129, ready: false });
      spec.given([...running, started, replaced('tkc-cp-1', 'tkc-cp-2', null)]).when(command('ReplaceGuestClusterNode', { oldNode: 'tkc-cp-1', newNode: 'tkc-cp-2' })).then([]);
    });
    it('replaces only during an upgrade, and only nodes on the old release', () => {
      spec.given(running).when(command('ReplaceGuestClusterNode', { oldNode: 'tkc-cp-1', newNode: 'tkc-cp-2' })).thenThrows('Conflict', /not being upgraded/);
      spec.given([...running, started, replaced('tkc-cp-1', 'tkc-cp-2', null)]).when(command('ReplaceGuestClusterNode', { oldNode: 'tkc-cp-2', newNode: 'tkc-cp-3' })).thenThrows('Conflict', /already runs/);
      spec.given([...running, started]).when(command('ReplaceGuestClusterNode', { oldNode: 'nope', newNode: 'tkc-cp-9' })).thenThrows('NotFound');
    });
    it('completes once every node runs the target release, and is Running again', () => {
      const state = spec.given(rolled).when(command('CompleteGuestClusterUpgrade', {})).then([event('GuestClusterUpgradeCompleted', { fromVersion: v128, toVersion: v129, completedAt: '2026-11-25T10:00:00.000Z' })]);
      expect(state).toMatchObject({ status: 'Running', upgrade: null, spec: { version: v129 } });
      spec.given([...running, started]).when(command('CompleteGuestClusterUpgrade', {})).thenThrows('Conflict', /3 node\(s\) on an older release/);
      spec.given(running).when(command('CompleteGuestClusterUpgrade', {})).thenThrows('Conflict', /not being upgraded/);
    });
  });

  describe('deletion', () => {
    const deleting = event('GuestClusterDeletionStarted', { deletionTimestamp: '2026-11-25T10:00:00.000Z' });
    const drained = [...running, deleting, ...nodes.map(([node, pool]) => removed(node, pool))];
    const deleted = event('GuestClusterDeleted', { deletedAt: '2026-11-25T10:00:00.000Z' });
    it('starts deletion once and is Deleting', () => {
      const state = spec.given(running).when(command('RequestGuestClusterDeletion', {})).then([deleting]);
      expect(state.status).toBe('Deleting');
      spec.given([...running, deleting]).when(command('RequestGuestClusterDeletion', {})).then([]);
    });
    it('is not deleted while nodes remain, nor before deletion starts', () => {
      spec.given([...running, deleting]).when(command('DeleteGuestCluster', {})).thenThrows('Conflict', /still has 3 node/);
      spec.given([created]).when(command('DeleteGuestCluster', {})).thenThrows('Conflict', /marked for deletion/);
      spec.given(drained).when(command('DeleteGuestCluster', {})).then([deleted]);
    });
    it('takes no new nodes, scaling or upgrades while deleting, but nodes may still go', () => {
      spec.given([...running, deleting]).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: 3 })).thenThrows('Conflict', /being deleted/);
      spec.given([...running, deleting]).when(command('StartGuestClusterUpgrade', { version: v129 })).thenThrows('Conflict', /being deleted/);
      spec.given([...running, deleting]).when(command('RemoveGuestClusterNode', { nodeName: 'tkc-cp-1' })).then([removed('tkc-cp-1', null)]);
    });
    it('a deleted cluster takes no commands, but the name can be used again', () => {
      spec.given([...drained, deleted]).when(command('ScaleGuestClusterNodePool', { pool: 'workers', replicas: 1 })).thenThrows('NotFound');
      spec.given([...drained, deleted]).when(command('RequestGuestClusterDeletion', {})).thenThrows('NotFound');
      const state = spec
        .given([...drained, deleted])
        .when(command('CreateGuestCluster', { ...createData, uid: 'u-2' }))
        .then([event('GuestClusterCreated', { ...createData, uid: 'u-2', labels: {}, annotations: {}, givenSpec: {}, createdAt: '2026-11-25T10:00:00.000Z' })]);
      expect(state).toMatchObject({ status: 'Creating', uid: 'u-2', nodes: {} });
    });
  });
});

describe('guest cluster metadata', () => {
  const labels = { team: 'payments' };
  const annotations = { owner: 'alice' };
  it('given a cluster, when its labels and annotations change, then they are recorded and kept', () => {
    const state = spec.given(running).when(command('UpdateGuestClusterMetadata', { labels, annotations })).then([event('GuestClusterMetadataChanged', { labels, annotations })]);
    expect(state).toMatchObject({ labels, annotations });
  });
  it('given the same metadata, when it is written again, then nothing happens', () => {
    spec.given([...running, event('GuestClusterMetadataChanged', { labels, annotations })]).when(command('UpdateGuestClusterMetadata', { labels: { ...labels }, annotations: { ...annotations } })).then([]);
  });
  it('given no cluster, when its metadata is written, then NotFound', () => {
    spec.given([]).when(command('UpdateGuestClusterMetadata', { labels, annotations })).thenThrows('NotFound');
  });
});
