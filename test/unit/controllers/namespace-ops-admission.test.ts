import { describe, expect, it } from 'vitest';
import { admitClaim, admitPodVM, admitVirtualMachine, assertVirtualMachineClassAllowed } from '../../../src/application/controllers/namespace-ops-admission.ts';
import { chooseTarget } from '../../../src/application/controllers/namespace-ops-hosts.ts';
import type { Inventory } from '../../../src/application/inventory/inventory.ts';
import type { PlacementRequest } from '../../../src/application/scheduler/scheduler.port.ts';
import { DomainError } from '../../../src/domain/shared/errors.ts';

/** Just enough inventory: one namespace and its policy, a few hosts. */
const inventoryOf = (namespace: Record<string, unknown>, policySpec?: Record<string, unknown>, hosts: string[] = []): Inventory =>
  ({
    get: (kind: string, _namespace: string | null, name: string) =>
      kind === 'Namespace' && name === 'shop' ? { state: { status: 'Active', encrypted: false, storageClasses: [], virtualMachineClasses: [], ...namespace } } : undefined,
    list: (kind: string) => {
      if (kind === 'NamespacePolicy' && policySpec) return [{ state: { name: 'p', createdAt: 't', deletionTimestamp: null, spec: policySpec } }];
      if (kind === 'Host') return hosts.map((name) => ({ name }));
      return [];
    },
  }) as unknown as Inventory;

const vm = { namespace: 'shop', name: 'db', className: 'small', storageClass: 'gold' };

const refusal = (action: () => unknown): DomainError => {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('expected a DomainError');
};

describe('namespace admission', () => {
  it('allows every class when the namespace assigns none', () => {
    expect(admitVirtualMachine(inventoryOf({}), vm)).toEqual(vm);
    expect(admitClaim(inventoryOf({}), 'shop', { storageClassName: 'any' })).toEqual({ storageClassName: 'any' });
  });

  it('refuses a class the namespace does not assign, saying which and where', () => {
    const inventory = inventoryOf({ virtualMachineClasses: ['small'], storageClasses: ['gold'] });
    expect(admitVirtualMachine(inventory, vm)).toEqual(vm);
    const wrongClass = refusal(() => admitVirtualMachine(inventory, { ...vm, className: 'large' }));
    expect(wrongClass.reason).toBe('Forbidden');
    expect(wrongClass.message).toBe('VirtualMachineClass "large" is not assigned to namespace "shop" (assigned: small)');
    expect(refusal(() => admitVirtualMachine(inventory, { ...vm, storageClass: 'silver' })).message).toMatch(/^StorageClass "silver" is not assigned to namespace "shop"/);
    expect(refusal(() => admitClaim(inventory, 'shop', { storageClassName: 'silver' })).reason).toBe('Forbidden');
    expect(refusal(() => assertVirtualMachineClassAllowed(inventory, 'shop', 'large')).reason).toBe('Forbidden');
  });

  it('leaves a missing class to the domain to refuse', () => {
    const inventory = inventoryOf({ virtualMachineClasses: ['small'], storageClasses: ['gold'] });
    expect(admitVirtualMachine(inventory, { ...vm, className: '', storageClass: '' })).toMatchObject({ className: '', storageClass: '' });
  });

  it('fills the default storage class of the policy, except where a claim asks for none', () => {
    const inventory = inventoryOf({ storageClasses: ['gold'] }, { defaultStorageClass: 'gold', allowedStorageClasses: ['gold'] });
    expect(admitVirtualMachine(inventory, { ...vm, storageClass: '' }).storageClass).toBe('gold');
    expect(admitClaim(inventory, 'shop', { resources: {} })).toEqual({ resources: {}, storageClassName: 'gold' });
    expect(admitClaim(inventory, 'shop', { storageClassName: '' })).toEqual({ storageClassName: '' });
  });

  it('passes the namespace\'s encryption on to new VMs and pod VMs', () => {
    const encrypted = inventoryOf({ encrypted: true });
    expect(admitVirtualMachine(encrypted, vm)).toEqual({ ...vm, encrypted: true });
    expect(admitPodVM(encrypted, 'shop')).toEqual({ encrypted: true });
    expect(admitPodVM(inventoryOf({}), 'shop')).toEqual({});
    expect(admitPodVM(inventoryOf({}), 'elsewhere')).toEqual({});
  });
});

describe('migration destinations', () => {
  it('leaves out the hosts being emptied and those outside the allowed destinations', () => {
    const asked: PlacementRequest[] = [];
    const chooser = { choose: (request: PlacementRequest) => (asked.push(request), { host: 'esx-03' }) };
    const inventory = inventoryOf({}, undefined, ['esx-01', 'esx-02', 'esx-03', 'esx-04']);
    const request = { workload: 'VirtualMachine' as const, objectRef: 'virtualMachine-shop/db', namespace: 'shop', resources: { cpuMillis: 1000, memoryBytes: 1 }, labels: {}, nodeSelector: {} };
    expect(chooseTarget(inventory, chooser, { ...request, fromHosts: ['esx-01'], toHosts: [] })).toEqual({ host: 'esx-03' });
    expect(chooseTarget(inventory, chooser, { ...request, fromHosts: ['esx-01'], toHosts: ['esx-03'] })).toEqual({ host: 'esx-03' });
    expect(asked.map((request) => request.excludeHosts)).toEqual([['esx-01'], ['esx-01', 'esx-02', 'esx-04']]);
    expect(asked[0]).not.toHaveProperty('fromHosts');
  });
});
