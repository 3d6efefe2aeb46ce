import { describe, expect, it } from 'vitest';
import { hostDecider, type HostCommand, type HostEvent, type HostState } from '../../../src/domain/host/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(hostDecider);
const GiB = 2 ** 30;
const capacity = { cpuMillis: 4000, memoryBytes: 16 * GiB };
const registered: HostEvent = {
  type: 'HostRegistered',
  data: { name: 'esx-01.lab', uid: 'h-1', capacity, maxPodVMs: 2, labels: { rack: 'a' }, registeredAt: '2026-11-25T09:00:00.000Z' },
};
const register = (data: Partial<Extract<HostCommand, { type: 'RegisterHost' }>['data']> = {}): HostCommand => ({
  type: 'RegisterHost',
  data: { name: 'esx-01.lab', uid: 'h-1', capacity, ...data },
  metadata: at('2026-11-25T09:00:00.000Z'),
});
const cmd = (type: HostCommand['type'], data: Record<string, unknown> = {}, now?: string): HostCommand =>
  ({ type, data: { name: 'esx-01.lab', ...data }, metadata: at(now) }) as HostCommand;
const allocate = (objectRef: string, cpuMillis: number, memoryBytes: number, workload = 'PodVM'): HostCommand =>
  cmd('AllocateHostResources', { objectRef, workload, resources: { cpuMillis, memoryBytes } });
const allocated = (objectRef: string, cpuMillis: number, memoryBytes: number, workload: 'PodVM' | 'VirtualMachine' = 'PodVM'): HostEvent => ({
  type: 'HostResourcesAllocated',
  data: { name: 'esx-01.lab', objectRef, workload, resources: { cpuMillis, memoryBytes } },
});
const released = (objectRef: string): HostEvent => ({ type: 'HostResourcesReleased', data: { name: 'esx-01.lab', objectRef } });
const cordoned: HostEvent = { type: 'HostCordoned', data: { name: 'esx-01.lab' } };
const failed: HostEvent = { type: 'HostFailed', data: { name: 'esx-01.lab', reason: 'NotResponding', at: 't' } };
const removed: HostEvent = { type: 'HostRemoved', data: { name: 'esx-01.lab', at: 't' } };
const ready = (state: HostState) => {
  if (state.status !== 'Ready') throw new Error(`expected a registered host, got ${state.status}`);
  return state;
};

describe('Host decider', () => {
  describe('register', () => {
    it('registers a host with its capacity, default PodVM limit and labels', () => {
      const state = spec
        .given([])
        .when(register())
        .then([{ type: 'HostRegistered', data: { name: 'esx-01.lab', uid: 'h-1', capacity, maxPodVMs: 1000, labels: {}, registeredAt: '2026-11-25T09:00:00.000Z' } }]);
      expect(ready(state)).toMatchObject({ cordoned: false, failed: false, allocated: { cpuMillis: 0, memoryBytes: 0 }, podVMCount: 0, virtualMachineCount: 0 });
    });
    it('refuses a second registration of a live host', () => {
      spec.given([registered]).when(register({ uid: 'h-2' })).thenThrows('AlreadyExists');
    });
    it('refuses a name that is not a DNS-1123 subdomain', () => {
      spec.given([]).when(register({ name: 'ESX_01' })).thenThrows('Invalid', /RFC 1123 subdomain/);
    });
    it('refuses a capacity that is not positive integers', () => {
      spec.given([]).when(register({ capacity: { cpuMillis: 0, memoryBytes: GiB } })).thenThrows('Invalid', /spec.capacity.cpuMillis/);
      spec.given([]).when(register({ capacity: { cpuMillis: 1000, memoryBytes: 1.5 } })).thenThrows('Invalid', /spec.capacity.memoryBytes/);
    });
    it('refuses a PodVM limit outside 1..1000', () => {
      spec.given([]).when(register({ maxPodVMs: 0 })).thenThrows('Invalid', /maxPodVMs/);
      spec.given([]).when(register({ maxPodVMs: 1001 })).thenThrows('Invalid', /maxPodVMs/);
    });
    it('registers a removed host again as a new incarnation', () => {
      spec
        .given([registered, removed])
        .when(register({ uid: 'h-2', maxPodVMs: 10 }))
        .then([{ type: 'HostRegistered', data: { name: 'esx-01.lab', uid: 'h-2', capacity, maxPodVMs: 10, labels: {}, registeredAt: '2026-11-25T09:00:00.000Z' } }]);
    });
  });

  describe('metadata', () => {
    it('changes labels and annotations, and nothing when they are the same', () => {
      const state = spec
        .given([registered])
        .when(cmd('ChangeHostMetadata', { labels: { rack: 'b' }, annotations: { note: 'x' } }))
        .then([{ type: 'HostMetadataChanged', data: { name: 'esx-01.lab', labels: { rack: 'b' }, annotations: { note: 'x' } } }]);
      expect(ready(state).annotations).toEqual({ note: 'x' });
      spec.given([registered]).when(cmd('ChangeHostMetadata', { labels: { rack: 'a' }, annotations: {} })).then([]);
    });
  });

  describe('heartbeat, cordon and failure', () => {
    it('records heartbeats; the same instant twice changes nothing', () => {
      const beat: HostEvent = { type: 'HostHeartbeatRecorded', data: { name: 'esx-01.lab', at: '2026-11-25T10:00:00.000Z' } };
      const state = spec.given([registered]).when(cmd('RecordHostHeartbeat')).then([beat]);
      expect(ready(state).lastHeartbeat).toBe('2026-11-25T10:00:00.000Z');
      spec.given([registered, beat]).when(cmd('RecordHostHeartbeat')).then([]);
    });
    it('cordons and uncordons, idempotently', () => {
      spec.given([registered]).when(cmd('CordonHost')).then([cordoned]);
      spec.given([registered, cordoned]).when(cmd('CordonHost')).then([]);
      spec.given([registered, cordoned]).when(cmd('UncordonHost')).then([{ type: 'HostUncordoned', data: { name: 'esx-01.lab' } }]);
      spec.given([registered]).when(cmd('UncordonHost')).then([]);
    });
    it('fails and recovers, idempotently', () => {
      const state = spec.given([registered]).when(cmd('MarkHostFailed', { reason: 'NotResponding' }, 't')).then([failed]);
      expect(ready(state)).toMatchObject({ failed: true, failureReason: 'NotResponding' });
      spec.given([registered, failed]).when(cmd('MarkHostFailed', { reason: 'NotResponding' })).then([]);
      spec.given([registered, failed]).when(cmd('RecoverHost', {}, 't2')).then([{ type: 'HostRecovered', data: { name: 'esx-01.lab', at: 't2' } }]);
      spec.given([registered]).when(cmd('RecoverHost')).then([]);
    });
    it('refuses a failure without a reason', () => {
      spec.given([registered]).when(cmd('MarkHostFailed', { reason: ' ' })).thenThrows('Invalid');
    });
    it('refuses commands for an unknown or removed host', () => {
      spec.given([]).when(cmd('CordonHost')).thenThrows('NotFound', /hosts "esx-01.lab" not found/);
      spec.given([registered, removed]).when(cmd('RecordHostHeartbeat')).thenThrows('NotFound');
    });
  });

  describe('allocation', () => {
    it('allocates and keeps running totals per workload kind', () => {
      const state = spec
        .given([registered, allocated('podVm-shop/web-1', 500, GiB)])
        .when(allocate('virtualMachine-shop/db', 2000, 8 * GiB, 'VirtualMachine'))
        .then([allocated('virtualMachine-shop/db', 2000, 8 * GiB, 'VirtualMachine')]);
      expect(ready(state)).toMatchObject({ allocated: { cpuMillis: 2500, memoryBytes: 9 * GiB }, podVMCount: 1, virtualMachineCount: 1 });
    });
    it('allocating the same amounts for the same object twice changes nothing', () => {
      spec.given([registered, allocated('podVm-shop/web-1', 500, GiB)]).when(allocate('podVm-shop/web-1', 500, GiB)).then([]);
    });
    it('refuses when cpu or memory would exceed the capacity', () => {
      spec.given([registered, allocated('podVm-shop/a', 3500, GiB)]).when(allocate('podVm-shop/b', 501, GiB)).thenThrows('Forbidden', /insufficient cpu.*requested 501m, allocated 3500m of 4000m/);
      spec.given([registered, allocated('podVm-shop/a', 100, 15 * GiB)]).when(allocate('podVm-shop/b', 100, GiB + 1)).thenThrows('Forbidden', /insufficient memory/);
      spec.given([registered, allocated('podVm-shop/a', 3500, GiB)]).when(allocate('podVm-shop/b', 500, 15 * GiB)).then([allocated('podVm-shop/b', 500, 15 * GiB)]);
    });
    it('refuses a PodVM beyond the host limit, but not a VirtualMachine', () => {
      const full = [registered, allocated('podVm-shop/a', 1, 1), allocated('podVm-shop/b', 1, 1)];
      spec.given(full).when(allocate('podVm-shop/c', 1, 1)).thenThrows('Forbidden', /maximum of 2 PodVMs/);
      spec.given(full).when(allocate('virtualMachine-shop/db', 1, 1, 'VirtualMachine')).then([allocated('virtualMachine-shop/db', 1, 1, 'VirtualMachine')]);
      spec.given([...full, released('podVm-shop/a')]).when(allocate('podVm-shop/c', 1, 1)).then([allocated('podVm-shop/c', 1, 1)]);
    });
    it('refuses new workloads on a cordoned or failed host', () => {
      spec.given([registered, cordoned]).when(allocate('podVm-shop/a', 1, 1)).thenThrows('Forbidden', /cordoned/);
      spec.given([registered, failed]).when(allocate('podVm-shop/a', 1, 1)).thenThrows('Forbidden', /has failed \(NotResponding\)/);
    });
    it('a resize re-checks only the growth', () => {
      const given = [registered, allocated('virtualMachine-shop/db', 2000, 4 * GiB, 'VirtualMachine'), allocated('podVm-shop/a', 1000, GiB)];
      const state = spec
        .given(given)
        .when(allocate('virtualMachine-shop/db', 3000, 4 * GiB, 'VirtualMachine'))
        .then([allocated('virtualMachine-shop/db', 3000, 4 * GiB, 'VirtualMachine')]);
      expect(ready(state)).toMatchObject({ allocated: { cpuMillis: 4000, memoryBytes: 5 * GiB }, podVMCount: 1, virtualMachineCount: 1 });
      spec.given(given).when(allocate('virtualMachine-shop/db', 3001, 4 * GiB, 'VirtualMachine')).thenThrows('Forbidden', /insufficient cpu/);
    });
    it('lets an object shrink on a cordoned or failed host, but not grow', () => {
      const given = [registered, allocated('virtualMachine-shop/db', 2000, 4 * GiB, 'VirtualMachine'), cordoned, failed];
      spec.given(given).when(allocate('virtualMachine-shop/db', 1000, 4 * GiB, 'VirtualMachine')).then([allocated('virtualMachine-shop/db', 1000, 4 * GiB, 'VirtualMachine')]);
      spec.given(given).when(allocate('virtualMachine-shop/db', 2000, 5 * GiB, 'VirtualMachine')).thenThrows('Forbidden', /cordoned/);
    });
    it('refuses an object that changes its workload kind, and malformed amounts', () => {
      spec.given([registered, allocated('podVm-shop/a', 1, 1)]).when(allocate('podVm-shop/a', 2, 2, 'VirtualMachine')).thenThrows('Conflict');
      spec.given([registered]).when(allocate('podVm-shop/a', -1, 1)).thenThrows('Invalid');
      spec.given([registered]).when(allocate('', 1, 1)).thenThrows('Invalid');
      spec.given([registered]).when(allocate('x', 1, 1, 'Container')).thenThrows('Invalid');
    });
    it('releases, also on a cordoned or failed host; releasing again changes nothing', () => {
      const given = [registered, allocated('podVm-shop/a', 500, GiB), allocated('virtualMachine-shop/db', 1000, GiB, 'VirtualMachine'), cordoned, failed];
      const state = spec.given(given).when(cmd('ReleaseHostResources', { objectRef: 'podVm-shop/a' })).then([released('podVm-shop/a')]);
      expect(ready(state)).toMatchObject({ allocated: { cpuMillis: 1000, memoryBytes: GiB }, podVMCount: 0, virtualMachineCount: 1 });
      expect([...ready(state).allocations.keys()]).toEqual(['virtualMachine-shop/db']);
      spec.given([...given, released('podVm-shop/a')]).when(cmd('ReleaseHostResources', { objectRef: 'podVm-shop/a' })).then([]);
    });
  });

  describe('removal', () => {
    it('refuses while the host still carries allocations', () => {
      spec.given([registered, allocated('podVm-shop/a', 1, 1)]).when(cmd('RemoveHost')).thenThrows('Conflict', /still carries 1 allocation/);
    });
    it('removes an empty host, which then takes no commands', () => {
      const state = spec.given([registered, allocated('podVm-shop/a', 1, 1), released('podVm-shop/a')]).when(cmd('RemoveHost', {}, 't')).then([removed]);
      expect(state).toEqual({ status: 'Removed', name: 'esx-01.lab', uid: 'h-1', removedAt: 't' });
      spec.given([registered, removed]).when(cmd('RemoveHost')).thenThrows('NotFound');
    });
  });
});
