import { describe, expect, it } from 'vitest';
import { choosePlacement } from '../../../src/application/scheduler/choose.ts';
import { countingIn, Gi, hostView, podRequest, staticView } from './fixtures.ts';

const loaded = (name: string, cpuMillis: number, memoryGi = 0) => hostView(name, { allocated: { cpuMillis, memoryBytes: memoryGi * Gi } });

describe('choosing a host (spread)', () => {
  it('picks the least allocated host by the larger of its CPU and memory shares', () => {
    // a: cpu 50%; b: memory 75%; c: cpu 25%, memory 40%
    const view = staticView([loaded('a', 8000), loaded('b', 0, 48), loaded('c', 4000, 25.6)]);
    expect(choosePlacement(view, podRequest())).toEqual({ host: 'c' });
  });

  it('breaks ties by name', () => {
    expect(choosePlacement(staticView([hostView('esx-02'), hostView('esx-01'), hostView('esx-03')]), podRequest())).toEqual({ host: 'esx-01' });
  });

  it('skips hosts that do not fit and takes the next least allocated', () => {
    const view = staticView([loaded('a', 0), loaded('b', 2000), hostView('c', { cordoned: true })]);
    expect(choosePlacement(view, podRequest({ resources: { cpuMillis: 16_000, memoryBytes: 0 } }))).toEqual({ host: 'a' });
    expect(choosePlacement(view, podRequest({ excludeHosts: ['a'] }))).toEqual({ host: 'b' });
  });

  it('honours a nodeSelector on labels and on kubernetes.io/hostname', () => {
    const view = staticView([hostView('a', { labels: { disk: 'ssd' } }), hostView('b'), hostView('c', { labels: { disk: 'ssd' } })]);
    expect(choosePlacement(view, podRequest({ nodeSelector: { 'kubernetes.io/hostname': 'b' } }))).toEqual({ host: 'b' });
    expect(choosePlacement(view, podRequest({ nodeSelector: { disk: 'ssd' }, excludeHosts: ['a'] }))).toEqual({ host: 'c' });
  });

  it('explains, host by host, why nothing fits', () => {
    const view = staticView([hostView('a', { cordoned: true }), loaded('b', 15_500), loaded('c', 15_500), loaded('d', 15_500)]);
    expect(choosePlacement(view, podRequest())).toEqual({ host: null, reason: '0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu.' });
  });

  it('explains a pinned pod whose host is full', () => {
    const view = staticView([hostView('a', { podVMs: 1000 }), hostView('b'), hostView('c')]);
    expect(choosePlacement(view, podRequest({ nodeSelector: { 'kubernetes.io/hostname': 'a' } }))).toEqual({
      host: null,
      reason: "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't match Pod's node affinity/selector.",
    });
  });

  it('keeps replicas with required anti-affinity apart', () => {
    const counts = countingIn([['a', 'shop', { app: 'web' }], ['b', 'shop', { app: 'web' }]]);
    const request = podRequest({ antiAffinity: [{ labelSelector: { app: 'web' }, required: true }] });
    expect(choosePlacement(staticView([hostView('a'), hostView('b'), loaded('c', 8000)], counts), request)).toEqual({ host: 'c' });
    expect(choosePlacement(staticView([hostView('a'), hostView('b')], counts), request)).toEqual({
      host: null,
      reason: "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.",
    });
  });

  it('lets preferred anti-affinity outweigh load, yet still place when every host matches', () => {
    const counts = countingIn([['a', 'shop', { app: 'web' }]]);
    const request = podRequest({ antiAffinity: [{ labelSelector: { app: 'web' }, required: false }] });
    expect(choosePlacement(staticView([hostView('a'), loaded('b', 12_000)], counts), request)).toEqual({ host: 'b' });
    expect(choosePlacement(staticView([hostView('a')], counts), request)).toEqual({ host: 'a' });
  });

  it('draws a workload with preferred affinity towards its peers', () => {
    const counts = countingIn([['b', 'shop', { app: 'cache' }]]);
    const request = podRequest({ affinity: [{ labelSelector: { app: 'cache' }, weight: 60 }] });
    expect(choosePlacement(staticView([hostView('a'), loaded('b', 8000)], counts), request)).toEqual({ host: 'b' });
    expect(choosePlacement(staticView([hostView('a'), loaded('b', 12_800)], counts), request)).toEqual({ host: 'a' });
  });
});
