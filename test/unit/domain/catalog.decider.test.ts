import { describe, expect, it } from 'vitest';
import { catalogDecider, type CatalogEvent } from '../../../src/domain/catalog/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const decider = catalogDecider('VirtualMachineClass', {
  validateSpec: (spec) => (typeof (spec.hardware as { cpus?: unknown } | undefined)?.cpus === 'number' ? [] : [{ field: 'spec.hardware.cpus', message: 'must be a number' }]),
  immutableSpecFields: ['hardware'],
});
const spec = deciderSpec(decider);
const ref = { namespace: 'shop', name: 'small' };
const created: CatalogEvent<'VirtualMachineClass'> = {
  type: 'VirtualMachineClassCreated',
  data: { ...ref, uid: 'u1', labels: {}, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } }, status: {}, createdAt: '2026-11-25T10:00:00.000Z' },
};

describe('Catalog decider (one declarative kind)', () => {
  it('creates with events prefixed by the kind', () => {
    spec.given([]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u1', spec: { hardware: { cpus: 2 } } }, metadata: at() }).then([created]);
  });
  it('refuses a duplicate, a bad name and an invalid spec', () => {
    spec.given([created]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u2', spec: { hardware: { cpus: 2 } } }, metadata: at() }).thenThrows('AlreadyExists');
    spec.given([]).when({ type: 'CreateCatalogItem', data: { namespace: 'shop', name: 'Bad_Name', uid: 'u', spec: { hardware: { cpus: 2 } } }, metadata: at() }).thenThrows('Invalid');
    spec.given([]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u', spec: {} }, metadata: at() }).thenThrows('Invalid', /spec.hardware.cpus/);
  });
  it('moves generation only when the spec changes, and changes nothing when nothing differs', () => {
    const state = spec
      .given([created])
      .when({ type: 'ChangeCatalogItem', data: { ...ref, labels: { tier: 'gold' }, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } } }, metadata: at() })
      .then([{ type: 'VirtualMachineClassChanged', data: { ...ref, labels: { tier: 'gold' }, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } }, generation: 1 } }]);
    expect(state.status === 'Active' && state.generation).toBe(1);
    spec.given([created]).when({ type: 'ChangeCatalogItem', data: { ...ref, labels: {}, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } } }, metadata: at() }).then([]);
  });
  it('refuses a change of an immutable field', () => {
    spec.given([created]).when({ type: 'ChangeCatalogItem', data: { ...ref, labels: {}, annotations: {}, finalizers: [], spec: { hardware: { cpus: 4 } } }, metadata: at() }).thenThrows('Invalid', /immutable/);
  });
  it('deletes at once without finalizers; with finalizers waits until the last is removed', () => {
    spec.given([created]).when({ type: 'DeleteCatalogItem', data: ref, metadata: at() }).then([{ type: 'VirtualMachineClassDeleted', data: { ...ref, deletedAt: '2026-11-25T10:00:00.000Z' } }]);
    const held: CatalogEvent<'VirtualMachineClass'> = { ...created, data: { ...created.data, finalizers: ['pacific.io/in-use'] } };
    const requested: CatalogEvent<'VirtualMachineClass'> = { type: 'VirtualMachineClassDeletionRequested', data: { ...ref, deletionTimestamp: '2026-11-25T10:00:00.000Z' } };
    spec.given([held]).when({ type: 'DeleteCatalogItem', data: ref, metadata: at() }).then([requested]);
    spec
      .given([held, requested])
      .when({ type: 'ChangeCatalogItem', data: { ...ref, labels: {}, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } } }, metadata: at() })
      .then([
        { type: 'VirtualMachineClassChanged', data: { ...ref, labels: {}, annotations: {}, finalizers: [], spec: { hardware: { cpus: 2 } }, generation: 1 } },
        { type: 'VirtualMachineClassDeleted', data: { ...ref, deletedAt: '2026-11-25T10:00:00.000Z' } },
      ]);
  });
  it('a deleted item takes no commands', () => {
    spec.given([created, { type: 'VirtualMachineClassDeleted', data: { ...ref, deletedAt: 't' } }]).when({ type: 'DeleteCatalogItem', data: ref, metadata: at() }).thenThrows('NotFound');
  });
});
