import { describe, expect, it } from 'vitest';
import { namespaceDecider, type NamespaceEvent } from '../../../src/domain/namespace/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(namespaceDecider);
const created: NamespaceEvent = {
  type: 'NamespaceCreated',
  data: { name: 'shop', uid: 'u-1', labels: { team: 'a' }, annotations: {}, networkSegment: '10.1.0.0/29', createdAt: '2026-11-25T09:00:00.000Z' },
};
const quota = (hard: Record<string, number>): NamespaceEvent => ({ type: 'NamespaceQuotaSet', data: { name: 'shop', hard } });
const reserved = (objectRef: string, amounts: Record<string, number>): NamespaceEvent => ({
  type: 'NamespaceQuotaReserved',
  data: { name: 'shop', objectRef, amounts },
});

describe('Namespace decider', () => {
  describe('create', () => {
    it('creates a namespace with labels and a normalised network segment', () => {
      spec
        .given([])
        .when({ type: 'CreateNamespace', data: { name: 'shop', uid: 'u-1', labels: { team: 'a' }, annotations: {}, networkSegment: '10.1.0.3/29' }, metadata: at('2026-11-25T09:00:00.000Z') })
        .then([created]);
    });
    it('refuses a second namespace with the same name', () => {
      spec.given([created]).when({ type: 'CreateNamespace', data: { name: 'shop', uid: 'u-2', networkSegment: '10.2.0.0/24' }, metadata: at() }).thenThrows('AlreadyExists');
    });
    it('refuses a name that is not a DNS-1123 label', () => {
      spec.given([]).when({ type: 'CreateNamespace', data: { name: 'Shop_1', uid: 'u', networkSegment: '10.2.0.0/24' }, metadata: at() }).thenThrows('Invalid', /RFC 1123/);
    });
    it('refuses a malformed network segment', () => {
      spec.given([]).when({ type: 'CreateNamespace', data: { name: 'shop', uid: 'u', networkSegment: '10.2.0.0/33' }, metadata: at() }).thenThrows('Invalid', /CIDR/);
    });
    it('allows a name to be used again once the namespace is deleted', () => {
      spec
        .given([created, { type: 'NamespaceTerminating', data: { name: 'shop', deletionTimestamp: 't' } }, { type: 'NamespaceDeleted', data: { name: 'shop', deletedAt: 't' } }])
        .when({ type: 'CreateNamespace', data: { name: 'shop', uid: 'u-2', networkSegment: '10.1.0.0/29' }, metadata: at('2026-11-25T11:00:00.000Z') })
        .then([{ type: 'NamespaceCreated', data: { name: 'shop', uid: 'u-2', labels: {}, annotations: {}, networkSegment: '10.1.0.0/29', createdAt: '2026-11-25T11:00:00.000Z' } }]);
    });
  });

  describe('quota', () => {
    it('sets a quota', () => {
      spec.given([created]).when({ type: 'SetNamespaceQuota', data: { name: 'shop', hard: { pods: 2 } }, metadata: at() }).then([quota({ pods: 2 })]);
    });
    it('setting the same quota again changes nothing', () => {
      spec.given([created, quota({ pods: 2 })]).when({ type: 'SetNamespaceQuota', data: { name: 'shop', hard: { pods: 2 } }, metadata: at() }).then([]);
    });
    it('refuses an unknown quota resource or a negative amount', () => {
      spec.given([created]).when({ type: 'SetNamespaceQuota', data: { name: 'shop', hard: { gpus: 1 } as never }, metadata: at() }).thenThrows('Invalid');
      spec.given([created]).when({ type: 'SetNamespaceQuota', data: { name: 'shop', hard: { pods: -1 } }, metadata: at() }).thenThrows('Invalid');
    });
    it('reserves within the quota and tracks usage', () => {
      const state = spec
        .given([created, quota({ pods: 2, 'requests.cpu': 1000 }), reserved('podVm-shop/a', { pods: 1, 'requests.cpu': 500 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/b', amounts: { pods: 1, 'requests.cpu': 500 } }, metadata: at() })
        .then([reserved('podVm-shop/b', { pods: 1, 'requests.cpu': 500 })]);
      expect(state.status === 'Active' && state.used).toEqual({ pods: 2, 'requests.cpu': 1000 });
    });
    it('refuses a reservation that would exceed the quota', () => {
      spec
        .given([created, quota({ 'requests.cpu': 1000 }), reserved('podVm-shop/a', { 'requests.cpu': 800 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/b', amounts: { 'requests.cpu': 300 } }, metadata: at() })
        .thenThrows('Forbidden', /exceeded quota.*requests.cpu/);
    });
    it('reserving the same amounts for the same object twice counts once', () => {
      spec
        .given([created, quota({ pods: 1 }), reserved('podVm-shop/a', { pods: 1 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/a', amounts: { pods: 1 } }, metadata: at() })
        .then([]);
    });
    it('a resize re-checks only the growth', () => {
      spec
        .given([created, quota({ 'requests.cpu': 4000 }), reserved('virtualMachine-shop/db', { 'requests.cpu': 2000 }), reserved('virtualMachine-shop/x', { 'requests.cpu': 1000 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'virtualMachine-shop/db', amounts: { 'requests.cpu': 3000 } }, metadata: at() })
        .then([reserved('virtualMachine-shop/db', { 'requests.cpu': 3000 })]);
      spec
        .given([created, quota({ 'requests.cpu': 4000 }), reserved('virtualMachine-shop/db', { 'requests.cpu': 2000 }), reserved('virtualMachine-shop/x', { 'requests.cpu': 1000 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'virtualMachine-shop/db', amounts: { 'requests.cpu': 3001 } }, metadata: at() })
        .thenThrows('Forbidden');
    });
    it('a lowered quota still lets an object shrink', () => {
      spec
        .given([created, reserved('virtualMachine-shop/db', { 'requests.cpu': 2000 }), quota({ 'requests.cpu': 1000 })])
        .when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'virtualMachine-shop/db', amounts: { 'requests.cpu': 1500 } }, metadata: at() })
        .then([reserved('virtualMachine-shop/db', { 'requests.cpu': 1500 })]);
    });
    it('releases a reservation once; releasing again changes nothing', () => {
      const state = spec
        .given([created, reserved('podVm-shop/a', { pods: 1 })])
        .when({ type: 'ReleaseNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/a' }, metadata: at() })
        .then([{ type: 'NamespaceQuotaReleased', data: { name: 'shop', objectRef: 'podVm-shop/a' } }]);
      expect(state.status === 'Active' && state.used).toEqual({ pods: 0 });
      spec
        .given([created, reserved('podVm-shop/a', { pods: 1 }), { type: 'NamespaceQuotaReleased', data: { name: 'shop', objectRef: 'podVm-shop/a' } }])
        .when({ type: 'ReleaseNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/a' }, metadata: at() })
        .then([]);
    });
    it('refuses commands for a namespace that does not exist', () => {
      spec.given([]).when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/a', amounts: {} }, metadata: at() }).thenThrows('NotFound');
    });
  });

  describe('IP allocation', () => {
    const ip = (objectRef: string, address: string): NamespaceEvent => ({ type: 'NamespaceIpAllocated', data: { name: 'shop', objectRef, ip: address } });
    it('hands out the lowest free address of the segment', () => {
      spec.given([created, ip('podVm-shop/a', '10.1.0.1')]).when({ type: 'AllocateNamespaceIp', data: { name: 'shop', objectRef: 'podVm-shop/b' }, metadata: at() }).then([ip('podVm-shop/b', '10.1.0.2')]);
    });
    it('reuses a released address and keeps an object at one address', () => {
      const released: NamespaceEvent = { type: 'NamespaceIpReleased', data: { name: 'shop', objectRef: 'podVm-shop/a', ip: '10.1.0.1' } };
      spec.given([created, ip('podVm-shop/a', '10.1.0.1'), ip('podVm-shop/b', '10.1.0.2'), released]).when({ type: 'AllocateNamespaceIp', data: { name: 'shop', objectRef: 'podVm-shop/c' }, metadata: at() }).then([ip('podVm-shop/c', '10.1.0.1')]);
      spec.given([created, ip('podVm-shop/a', '10.1.0.1')]).when({ type: 'AllocateNamespaceIp', data: { name: 'shop', objectRef: 'podVm-shop/a' }, metadata: at() }).then([]);
    });
    it('refuses when the segment is exhausted', () => {
      const full = [1, 2, 3, 4, 5, 6].map((n) => ip(`podVm-shop/p${n}`, `10.1.0.${n}`));
      spec.given([created, ...full]).when({ type: 'AllocateNamespaceIp', data: { name: 'shop', objectRef: 'podVm-shop/x' }, metadata: at() }).thenThrows('Forbidden', /no free address/);
    });
    it('releases an address', () => {
      spec
        .given([created, ip('podVm-shop/a', '10.1.0.1')])
        .when({ type: 'ReleaseNamespaceIp', data: { name: 'shop', objectRef: 'podVm-shop/a' }, metadata: at() })
        .then([{ type: 'NamespaceIpReleased', data: { name: 'shop', objectRef: 'podVm-shop/a', ip: '10.1.0.1' } }]);
    });
  });

  describe('policies', () => {
    it('assigns storage classes, VM classes and images as sorted sets', () => {
      spec.given([created]).when({ type: 'AssignNamespaceStorageClasses', data: { name: 'shop', storageClasses: ['gold', 'bronze', 'gold'] }, metadata: at() }).then([{ type: 'NamespaceStorageClassesAssigned', data: { name: 'shop', storageClasses: ['bronze', 'gold'] } }]);
      spec.given([created]).when({ type: 'AssignNamespaceVirtualMachineClasses', data: { name: 'shop', virtualMachineClasses: ['best-effort-small'] }, metadata: at() }).then([{ type: 'NamespaceVirtualMachineClassesAssigned', data: { name: 'shop', virtualMachineClasses: ['best-effort-small'] } }]);
      spec.given([created]).when({ type: 'AssignNamespaceVirtualMachineImages', data: { name: 'shop', virtualMachineImages: ['ubuntu-22.04'] }, metadata: at() }).then([{ type: 'NamespaceVirtualMachineImagesAssigned', data: { name: 'shop', virtualMachineImages: ['ubuntu-22.04'] } }]);
    });
    it('switches encryption, and switching to the current setting changes nothing', () => {
      spec.given([created]).when({ type: 'SwitchNamespaceEncryption', data: { name: 'shop', enabled: true }, metadata: at() }).then([{ type: 'NamespaceEncryptionSwitched', data: { name: 'shop', enabled: true } }]);
      spec.given([created]).when({ type: 'SwitchNamespaceEncryption', data: { name: 'shop', enabled: false }, metadata: at() }).then([]);
    });
    it('changes labels and annotations, and changes nothing when they are the same', () => {
      spec
        .given([created])
        .when({ type: 'ChangeNamespaceMetadata', data: { name: 'shop', labels: { team: 'b' }, annotations: { note: 'x' } }, metadata: at() })
        .then([{ type: 'NamespaceMetadataChanged', data: { name: 'shop', labels: { team: 'b' }, annotations: { note: 'x' } } }]);
      spec.given([created]).when({ type: 'ChangeNamespaceMetadata', data: { name: 'shop', labels: { team: 'a' }, annotations: {} }, metadata: at() }).then([]);
    });
  });

  describe('deletion', () => {
    const terminating: NamespaceEvent = { type: 'NamespaceTerminating', data: { name: 'shop', deletionTimestamp: '2026-11-25T10:00:00.000Z' } };
    it('terminates, once', () => {
      spec.given([created]).when({ type: 'TerminateNamespace', data: { name: 'shop' }, metadata: at() }).then([terminating]);
      spec.given([created, terminating]).when({ type: 'TerminateNamespace', data: { name: 'shop' }, metadata: at() }).then([]);
    });
    it('admits no new objects while terminating', () => {
      spec.given([created, terminating]).when({ type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: 'podVm-shop/a', amounts: { pods: 1 } }, metadata: at() }).thenThrows('Forbidden', /being terminated/);
    });
    it('stays terminating until its objects are gone', () => {
      spec.given([created, reserved('podVm-shop/a', { pods: 1 }), terminating]).when({ type: 'DeleteNamespace', data: { name: 'shop' }, metadata: at() }).thenThrows('Conflict', /still holds 1/);
      spec
        .given([created, reserved('podVm-shop/a', { pods: 1 }), terminating, { type: 'NamespaceQuotaReleased', data: { name: 'shop', objectRef: 'podVm-shop/a' } }])
        .when({ type: 'DeleteNamespace', data: { name: 'shop' }, metadata: at('2026-11-25T10:05:00.000Z') })
        .then([{ type: 'NamespaceDeleted', data: { name: 'shop', deletedAt: '2026-11-25T10:05:00.000Z' } }]);
    });
    it('cannot be deleted without terminating first', () => {
      spec.given([created]).when({ type: 'DeleteNamespace', data: { name: 'shop' }, metadata: at() }).thenThrows('Conflict');
    });
    it('a deleted namespace takes no commands', () => {
      spec
        .given([created, terminating, { type: 'NamespaceDeleted', data: { name: 'shop', deletedAt: 't' } }])
        .when({ type: 'SwitchNamespaceEncryption', data: { name: 'shop', enabled: true }, metadata: at() })
        .thenThrows('NotFound');
    });
  });
});
