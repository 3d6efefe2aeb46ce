import { describe, expect, it } from 'vitest';
import { WorkloadIndex } from '../../../src/application/scheduler/workload-index.ts';

describe('WorkloadIndex', () => {
  it('counts workloads per host and namespace matching every label of a selector', () => {
    const index = new WorkloadIndex();
    index.set('podVm-shop/a', { host: 'h1', namespace: 'shop', labels: { app: 'web', tier: 'front' } });
    index.set('podVm-shop/b', { host: 'h1', namespace: 'shop', labels: { app: 'web', tier: 'back' } });
    index.set('podVm-dev/c', { host: 'h1', namespace: 'dev', labels: { app: 'web' } });
    expect(index.count('h1', 'shop', { app: 'web' })).toBe(2);
    expect(index.count('h1', 'shop', { app: 'web', tier: 'front' })).toBe(1);
    expect(index.count('h1', 'shop', { app: 'db' })).toBe(0);
    expect(index.count('h1', 'shop', {})).toBe(2);
    expect(index.count('h2', 'shop', { app: 'web' })).toBe(0);
  });

  it('follows a workload that moves, is relabelled or leaves', () => {
    const index = new WorkloadIndex();
    index.set('podVm-shop/a', { host: 'h1', namespace: 'shop', labels: { app: 'web' } });
    index.set('podVm-shop/a', { host: 'h2', namespace: 'shop', labels: { app: 'web' } });
    expect(index.count('h1', 'shop', { app: 'web' })).toBe(0);
    expect(index.count('h2', 'shop', { app: 'web' })).toBe(1);
    index.set('podVm-shop/a', { host: 'h2', namespace: 'shop', labels: { app: 'api' } });
    expect(index.count('h2', 'shop', { app: 'web' })).toBe(0);
    expect(index.count('h2', 'shop', { app: 'api' })).toBe(1);
    index.set('podVm-shop/a', undefined);
    expect(index.count('h2', 'shop', {})).toBe(0);
    expect(index.get('podVm-shop/a')).toBeUndefined();
  });
});
