import { describe, expect, it } from 'vitest';
import { quantityCause, quantityCauses } from '../../../src/adapters/http/admission/quantities.ts';
import { findByKind } from '../../../src/adapters/http/kube/resource-types.ts';

const specOf = (group: string, kind: string) => ({ spec: findByKind(group, kind)!.specSchema });

describe('quantityCause', () => {
  it.each([['500m'], ['2'], [2], [0.5], ['1.5Gi'], ['4Gi'], ['1e3'], ['100k'], ['0']])('accepts %j', (value) => {
    expect(quantityCause('f', 'memory', value)).toBeUndefined();
  });

  it.each([
    ['abc', /must match the regular expression/],
    ['1.5.5', /must match the regular expression/],
    ['1Zi', /must match the regular expression/],
    [' 1Gi', /must match the regular expression/],
    ['', /must match the regular expression/],
    [true, /must be a quantity/],
    [{ amount: 1 }, /must be a quantity/],
    [['1'], /must be a quantity/],
    ['-1', /greater than or equal to 0/],
    [-5, /greater than or equal to 0/],
    ['1e400', /less than or equal to/],
    ['9'.repeat(40), /less than or equal to/],
    ['16Ei', /less than or equal to/],
  ])('refuses %j', (value, message) => {
    const cause = quantityCause('spec.x', 'memory', value);
    expect(cause).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.x' });
    expect(cause!.message).toMatch(message);
  });

  it('bounds CPU in cores: a million at most', () => {
    expect(quantityCause('f', 'cpu', '1M')).toBeUndefined();
    expect(quantityCause('f', 'requests.cpu', '2M')?.message).toMatch(/less than or equal to 1000000 \(cores\)/);
    expect(quantityCause('f', 'memory', '2M')).toBeUndefined();
  });
});

describe('quantityCauses, following the kind schemas', () => {
  it('finds every quantity of a pod, init containers included, named as Kubernetes names them', () => {
    const pod = {
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: 'lots', memory: '1Gi' }, limits: { 'ephemeral-storage': '-1' } } }],
        initContainers: [{ name: 'b', resources: { requests: { memory: {} } } }],
      },
    };
    expect(quantityCauses(specOf('', 'Pod'), pod).map((cause) => cause.field)).toEqual([
      'spec.containers[0].resources.requests[cpu]',
      'spec.containers[0].resources.limits[ephemeral-storage]',
      'spec.initContainers[0].resources.requests[memory]',
    ]);
  });

  it('checks quota hard limits, claim storage and class hardware', () => {
    expect(quantityCauses(specOf('', 'ResourceQuota'), { spec: { hard: { pods: '10', 'requests.cpu': 'x', 'requests.storage': '1e400' } } }).map((c) => c.field)).toEqual([
      'spec.hard[requests.cpu]',
      'spec.hard[requests.storage]',
    ]);
    expect(quantityCauses(specOf('', 'PersistentVolumeClaim'), { spec: { resources: { requests: { storage: '20Gb' } } } }).map((c) => c.field)).toEqual(['spec.resources.requests[storage]']);
    const vmClass = { spec: { hardware: { cpus: 2, memory: '4GB' }, policies: { resources: { requests: { cpu: '-1' } } } } };
    expect(quantityCauses(specOf('vmoperator.vmware.com', 'VirtualMachineClass'), vmClass).map((c) => c.field)).toEqual(['spec.hardware.memory', 'spec.policies.resources.requests[cpu]']);
  });

  it('ignores fields the schema does not declare as quantities, and absent or null ones', () => {
    expect(quantityCauses(specOf('', 'Pod'), { spec: { containers: [{ name: 'x', image: 'not-a-quantity', resources: null }] } })).toEqual([]);
    expect(quantityCauses(specOf('', 'Pod'), {})).toEqual([]);
  });
});
