import { describe, expect, it } from 'vitest';
import { planGuestCluster, type NodeVm } from '../../../src/application/controllers/guest-cluster-plan.ts';
import { guestClusterDecider, type GuestClusterEvent, type GuestClusterLive } from '../../../src/domain/guestcluster/index.ts';
import { fold } from '../../../src/domain/shared/decider.ts';

const ref = { namespace: 'shop', name: 'dev' };
const v129 = 'v1.29.4---vmware.3-fips.1-tkg.1';
const v130 = 'v1.30.1---vmware.1-fips-tkg.5';
const pool = (name: string, replicas: number) => ({ name, replicas, vmClass: 'best-effort-small', storageClass: 'gold' });

const created = (controlPlane: number, pools: { name: string; replicas: number }[]): GuestClusterEvent => ({
  type: 'GuestClusterCreated',
  data: {
    ...ref,
    uid: 'u-1',
    labels: {},
    annotations: {},
    givenSpec: {},
    version: v129,
    controlPlane: { replicas: controlPlane, vmClass: 'guaranteed-small', storageClass: 'gold' },
    nodePools: pools.map((p) => pool(p.name, p.replicas)),
    createdAt: '2026-11-25T09:00:00.000Z',
  },
});
const requested = (nodeName: string, pool: string | null = null, version = v129): GuestClusterEvent => ({
  type: 'GuestClusterNodeRequested',
  data: { ...ref, nodeName, role: pool === null ? 'ControlPlane' : 'Worker', pool, version },
});
const ready = (nodeName: string): GuestClusterEvent => ({ type: 'GuestClusterNodeReady', data: { ...ref, nodeName } });
const joined = (nodeName: string, pool: string | null = null, version = v129) => [requested(nodeName, pool, version), ready(nodeName)];

const cluster = (...events: GuestClusterEvent[]): GuestClusterLive => fold(guestClusterDecider, events) as GuestClusterLive;
const vm = (name: string, options: Partial<NodeVm> = {}): NodeVm => ({ name, poweredOn: true, deleting: false, version: v129, replaces: null, ...options });

let counter = 0;
const names = (role: string, pool: string | null) => `${role === 'ControlPlane' ? 'cp' : pool}-${++counter}`;
const plan = (state: GuestClusterLive, vms: NodeVm[]) => {
  counter = 0;
  return planGuestCluster(state, vms, names);
};

describe('planGuestCluster', () => {
  it('starts with one control-plane node and adds the next only once it is ready', () => {
    const fresh = cluster(created(3, [{ name: 'workers', replicas: 2 }]));
    expect(plan(fresh, [])).toEqual([{ type: 'RequestNode', node: { nodeName: 'cp-1', role: 'ControlPlane', pool: null, version: v129 } }]);

    const booting = cluster(created(3, [{ name: 'workers', replicas: 2 }]), requested('cp-a'));
    expect(plan(booting, [vm('cp-a', { poweredOn: false })])).toEqual([]);
    expect(plan(booting, [])).toEqual([{ type: 'CreateNodeVm', node: { nodeName: 'cp-a', role: 'ControlPlane', pool: null, version: v129 } }]);
    expect(plan(booting, [vm('cp-a')])).toEqual([
      { type: 'MarkNodeReady', nodeName: 'cp-a' },
      { type: 'RequestNode', node: { nodeName: 'cp-1', role: 'ControlPlane', pool: null, version: v129 } },
    ]);
  });

  it('builds the worker pools once the whole control plane is ready', () => {
    const controlPlaneUp = cluster(created(1, [{ name: 'workers', replicas: 2 }, { name: 'gpu', replicas: 1 }]), ...joined('cp-a'));
    expect(plan(controlPlaneUp, [vm('cp-a')]).map((step) => (step.type === 'RequestNode' ? step.node.nodeName : step.type))).toEqual(['workers-1', 'workers-2', 'gpu-3']);
    expect(plan(controlPlaneUp, [vm('cp-a', { poweredOn: false })])).toEqual([]);
  });

  it('scales a pool down newest first, and removes the nodes of a removed pool', () => {
    const events = [created(1, [{ name: 'workers', replicas: 3 }]), ...joined('cp-a'), ...joined('w-old', 'workers'), ...joined('w-mid', 'workers'), ...joined('w-new', 'workers')];
    const vms = ['cp-a', 'w-old', 'w-mid', 'w-new'].map((name) => vm(name));
    const scaled: GuestClusterEvent = { type: 'GuestClusterNodePoolScaled', data: { ...ref, pool: 'workers', fromReplicas: 3, toReplicas: 1 } };
    expect(plan(cluster(...events, scaled), vms)).toEqual([
      { type: 'RemoveNode', nodeName: 'w-new' },
      { type: 'RemoveNode', nodeName: 'w-mid' },
    ]);
    const dropped: GuestClusterEvent = { type: 'GuestClusterNodePoolRemoved', data: { ...ref, pool: 'workers' } };
    expect(plan(cluster(...events, dropped), vms).map((step) => step.type === 'RemoveNode' && step.nodeName)).toEqual(['w-old', 'w-mid', 'w-new']);
  });

  it('deletes VMs built for the cluster that no node owns, and replaces a ready node whose VM went away', () => {
    const state = cluster(created(1, [{ name: 'workers', replicas: 1 }]), ...joined('cp-a'), ...joined('w-a', 'workers'));
    expect(plan(state, [vm('cp-a'), vm('w-a'), vm('stray')])).toEqual([{ type: 'DeleteVm', vmName: 'stray' }]);
    expect(plan(state, [vm('cp-a')])).toEqual([
      { type: 'RemoveNode', nodeName: 'w-a' },
      { type: 'RequestNode', node: { nodeName: 'workers-1', role: 'Worker', pool: 'workers', version: v129 } },
    ]);
  });

  describe('rolling upgrade', () => {
    const base = [created(1, [{ name: 'workers', replicas: 1 }]), ...joined('w-a', 'workers'), ...joined('cp-a')];
    const upgrading = [...base, { type: 'GuestClusterUpgradeStarted', data: { ...ref, fromVersion: v129, toVersion: v130, startedAt: '2026-11-25T10:00:00.000Z' } } as GuestClusterEvent];
    const replaced = (oldNode: string, newNode: string, pool: string | null): GuestClusterEvent[] => [
      { type: 'GuestClusterNodeReplaced', data: { ...ref, oldNode, newNode, role: pool === null ? 'ControlPlane' : 'Worker', pool, version: v130 } },
      ready(newNode),
    ];

    it('builds one surge node at the new version for the control plane first, even when a worker is older', () => {
      expect(plan(cluster(...upgrading), [vm('cp-a'), vm('w-a')])).toEqual([
        { type: 'CreateSurgeVm', node: { nodeName: 'cp-1', role: 'ControlPlane', pool: null, version: v130 }, replaces: 'cp-a' },
      ]);
    });

    it('waits for the surge node to run, then swaps it in', () => {
      const surge = vm('cp-b', { version: v130, replaces: 'cp-a', poweredOn: false });
      expect(plan(cluster(...upgrading), [vm('cp-a'), vm('w-a'), surge])).toEqual([]);
      expect(plan(cluster(...upgrading), [vm('cp-a'), vm('w-a'), { ...surge, poweredOn: true }])).toEqual([{ type: 'ReplaceNode', oldNode: 'cp-a', newNode: 'cp-b' }]);
    });

    it('moves on to the workers, then completes', () => {
      const controlPlaneDone = cluster(...upgrading, ...replaced('cp-a', 'cp-b', null));
      expect(plan(controlPlaneDone, [vm('cp-b', { version: v130 }), vm('w-a')])).toEqual([
        { type: 'CreateSurgeVm', node: { nodeName: 'workers-1', role: 'Worker', pool: 'workers', version: v130 }, replaces: 'w-a' },
      ]);
      const allDone = cluster(...upgrading, ...replaced('cp-a', 'cp-b', null), ...replaced('w-a', 'w-b', 'workers'));
      expect(plan(allDone, [vm('cp-b', { version: v130 }), vm('w-b', { version: v130 })])).toEqual([{ type: 'CompleteUpgrade' }]);
    });

    it('finishes a replacement whose old VM is still there: the old VM is deleted as a stray', () => {
      const state = cluster(...upgrading, ...replaced('cp-a', 'cp-b', null));
      expect(plan(state, [vm('cp-a'), vm('cp-b', { version: v130, replaces: 'cp-a' }), vm('w-a')])).toEqual([{ type: 'DeleteVm', vmName: 'cp-a' }]);
    });
  });

  describe('deletion', () => {
    const deleting = [
      created(1, [{ name: 'workers', replicas: 1 }]),
      ...joined('cp-a'),
      ...joined('w-a', 'workers'),
      { type: 'GuestClusterDeletionStarted', data: { ...ref, deletionTimestamp: '2026-11-25T11:00:00.000Z' } } as GuestClusterEvent,
    ];

    it('removes every node and deletes every VM, then the cluster', () => {
      expect(plan(cluster(...deleting), [vm('cp-a'), vm('w-a'), vm('surge')])).toEqual([
        { type: 'RemoveNode', nodeName: 'cp-a' },
        { type: 'RemoveNode', nodeName: 'w-a' },
        { type: 'DeleteVm', vmName: 'surge' },
      ]);
      const empty = cluster(...deleting, ...['cp-a', 'w-a'].map((nodeName) => ({ type: 'GuestClusterNodeRemoved', data: { ...ref, nodeName, role: 'Worker', pool: null } }) as GuestClusterEvent));
      expect(plan(empty, [vm('surge', { deleting: true })])).toEqual([]);
      expect(plan(empty, [])).toEqual([{ type: 'DeleteCluster' }]);
    });
  });
});
