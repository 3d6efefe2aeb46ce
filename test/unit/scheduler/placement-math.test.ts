import { describe, expect, it } from 'vitest';
import {
  matchesNodeSelector,
  preferenceAdjustment,
  unfitness,
  unfitReasons,
  unschedulableMessage,
  utilization,
} from '../../../src/application/scheduler/placement-math.ts';
import { countingIn, Gi, hostView, noMatches, podRequest } from './fixtures.ts';

const none = new Set<string>();

describe('placement math', () => {
  describe('node selector', () => {
    it('matches host labels and the implicit kubernetes.io/hostname', () => {
      const host = hostView('esx-01', { labels: { zone: 'a' } });
      expect(matchesNodeSelector(host, {})).toBe(true);
      expect(matchesNodeSelector(host, { zone: 'a', 'kubernetes.io/hostname': 'esx-01' })).toBe(true);
      expect(matchesNodeSelector(host, { 'kubernetes.io/hostname': 'esx-02' })).toBe(false);
      expect(matchesNodeSelector(host, { zone: 'b' })).toBe(false);
      expect(matchesNodeSelector(host, { gpu: 'yes' })).toBe(false);
      expect(matchesNodeSelector(host, { 'kubernetes.io/os': 'esxi' })).toBe(true);
      expect(matchesNodeSelector(host, { 'kubernetes.io/os': 'linux' })).toBe(false);
    });
    it('lets an explicit hostname label win over the name', () => {
      expect(matchesNodeSelector(hostView('esx-01', { labels: { 'kubernetes.io/hostname': 'alias' } }), { 'kubernetes.io/hostname': 'alias' })).toBe(true);
    });
  });

  describe('filters', () => {
    it('passes a host with room', () => {
      expect(unfitness(hostView('esx-01'), podRequest(), none, noMatches)).toEqual([]);
    });
    it('reports the first failing stage: not ready, then unschedulable, excluded, selector', () => {
      expect(unfitness(hostView('a', { failed: true, cordoned: true }), podRequest(), none, noMatches)).toEqual([unfitReasons.notReady]);
      expect(unfitness(hostView('a', { cordoned: true }), podRequest(), new Set(['a']), noMatches)).toEqual([unfitReasons.unschedulable]);
      expect(unfitness(hostView('a'), podRequest({ nodeSelector: { zone: 'b' } }), new Set(['a']), noMatches)).toEqual([unfitReasons.excluded]);
      expect(unfitness(hostView('a'), podRequest({ nodeSelector: { zone: 'b' } }), none, noMatches)).toEqual([unfitReasons.nodeSelector]);
    });
    it('reports every resource that does not fit, and the pod VM limit', () => {
      const full = hostView('a', { allocated: { cpuMillis: 15_500, memoryBytes: 63.5 * Gi }, podVMs: 1000 });
      expect(unfitness(full, podRequest(), none, noMatches)).toEqual([unfitReasons.tooManyPods, unfitReasons.cpu, unfitReasons.memory]);
    });
    it('fits exactly to capacity', () => {
      const host = hostView('a', { allocated: { cpuMillis: 15_000, memoryBytes: 63 * Gi }, podVMs: 999 });
      expect(unfitness(host, podRequest(), none, noMatches)).toEqual([]);
    });
    it('applies the pod VM limit to pod VMs only', () => {
      const host = hostView('a', { podVMs: 1000 });
      expect(unfitness(host, podRequest({ workload: 'VirtualMachine', objectRef: 'virtualMachine-shop/db' }), none, noMatches)).toEqual([]);
    });
    it('refuses a host running a workload that required anti-affinity matches, in the same namespace only', () => {
      const request = podRequest({ antiAffinity: [{ labelSelector: { app: 'web' }, required: true }] });
      const counts = countingIn([['a', 'shop', { app: 'web' }], ['b', 'other', { app: 'web' }]]);
      expect(unfitness(hostView('a'), request, none, counts)).toEqual([unfitReasons.antiAffinity]);
      expect(unfitness(hostView('b'), request, none, counts)).toEqual([]);
    });
    it('does not filter on preferred anti-affinity', () => {
      const request = podRequest({ antiAffinity: [{ labelSelector: { app: 'web' }, required: false }] });
      expect(unfitness(hostView('a'), request, none, countingIn([['a', 'shop', { app: 'web' }]]))).toEqual([]);
    });
  });

  describe('score', () => {
    it('is the larger of the CPU and memory shares in use', () => {
      expect(utilization(hostView('a', { allocated: { cpuMillis: 4000, memoryBytes: 8 * Gi } }))).toBe(0.25);
      expect(utilization(hostView('a', { allocated: { cpuMillis: 1600, memoryBytes: 32 * Gi } }))).toBe(0.5);
    });
    it('is adjusted by preferred terms, by weight', () => {
      const counts = countingIn([['a', 'shop', { app: 'web' }], ['a', 'shop', { app: 'cache' }]]);
      const request = podRequest({
        antiAffinity: [{ labelSelector: { app: 'web' }, required: false, weight: 50 }],
        affinity: [{ labelSelector: { app: 'cache' } }],
      });
      expect(preferenceAdjustment('a', request, counts)).toBeCloseTo(0.5 - 1);
      expect(preferenceAdjustment('b', request, counts)).toBe(0);
    });
  });

  describe('unschedulable message', () => {
    it('counts hosts per reason and sorts the parts as Kubernetes does', () => {
      expect(unschedulableMessage([[unfitReasons.unschedulable], [unfitReasons.cpu], [unfitReasons.cpu], [unfitReasons.cpu]])).toBe(
        '0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu.',
      );
    });
    it('counts a host once per reason it gives', () => {
      expect(unschedulableMessage([[unfitReasons.cpu, unfitReasons.memory], [unfitReasons.memory]])).toBe(
        '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
      );
    });
    it('says so when there are no hosts', () => {
      expect(unschedulableMessage([])).toBe('no nodes available to schedule pods');
    });
  });
});
