import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { filterChange, WatchHub, type ObjectChange } from '../../../src/adapters/http/kube/watch/index.ts';

const pod = (name: string, rv: number, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', resourceVersion: String(rv), labels },
});
const change = (type: ObjectChange['type'], name: string, rv: number, labels?: Record<string, string>): ObjectChange => ({ type, object: pod(name, rv, labels), resourceVersion: rv });
const collect = (): { seen: ObjectChange[]; listener: (c: ObjectChange) => void } => {
  const seen: ObjectChange[] = [];
  return { seen, listener: (c) => void seen.push(c) };
};
const summary = (changes: ObjectChange[]): string[] => changes.map((c) => `${c.type} ${c.object.metadata.name}@${c.resourceVersion}`);

describe('WatchHub', () => {
  it('delivers live changes of its resource only, in order, from now on', () => {
    const hub = new WatchHub({ startResourceVersion: 10 });
    hub.publish('pods', change('ADDED', 'a', 11));
    const { seen, listener } = collect();
    hub.watch('pods', {}, listener);
    hub.publish('pods', change('MODIFIED', 'a', 12));
    hub.publish('virtualmachines.vmoperator.vmware.com', change('ADDED', 'vm', 13));
    hub.publish('pods', change('DELETED', 'a', 14));
    expect(summary(seen)).toEqual(['MODIFIED a@12', 'DELETED a@14']);
    expect(hub.currentResourceVersion).toBe(14);
  });

  it('applies the filter to replayed and live changes', () => {
    const hub = new WatchHub({ startResourceVersion: 0 });
    hub.publish('pods', change('ADDED', 'a', 1));
    hub.publish('pods', change('ADDED', 'b', 2));
    const { seen, listener } = collect();
    hub.watch('pods', { filter: (o) => o.metadata.name === 'b' }, listener);
    const fromZero = collect();
    hub.watch('pods', { fromResourceVersion: 0 }, fromZero.listener);
    expect(seen).toEqual([]);
    expect(fromZero.seen).toEqual([]); // 0 means "from now"
    const replayed = collect();
    hub.watch('pods', { fromResourceVersion: 1, filter: (o) => o.metadata.name !== 'a' }, replayed.listener);
    hub.publish('pods', change('MODIFIED', 'a', 3));
    hub.publish('pods', change('MODIFIED', 'b', 4));
    expect(summary(replayed.seen)).toEqual(['ADDED b@2', 'MODIFIED b@4']);
    expect(summary(seen)).toEqual(['MODIFIED b@4']);
  });

  it('replays retained changes after fromResourceVersion, then live ones', () => {
    const hub = new WatchHub({ startResourceVersion: 100 });
    for (let rv = 101; rv <= 105; rv++) hub.publish('pods', change('MODIFIED', 'a', rv));
    const { seen, listener } = collect();
    hub.watch('pods', { fromResourceVersion: 103 }, listener);
    expect(summary(seen)).toEqual(['MODIFIED a@104', 'MODIFIED a@105']);
    hub.publish('pods', change('DELETED', 'a', 106));
    expect(summary(seen).at(-1)).toBe('DELETED a@106');
  });

  it('accepts a resume from the start position and refuses one older with 410 Expired', () => {
    const hub = new WatchHub({ startResourceVersion: 100 });
    hub.publish('pods', change('ADDED', 'a', 101));
    const { seen, listener } = collect();
    hub.watch('pods', { fromResourceVersion: 100 }, listener);
    expect(summary(seen)).toEqual(['ADDED a@101']);
    let thrown: unknown;
    try {
      hub.watch('pods', { fromResourceVersion: 99 }, () => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StatusError);
    expect((thrown as StatusError).reason).toBe('Expired');
    expect((thrown as StatusError).code).toBe(410);
    expect((thrown as StatusError).message).toBe('too old resource version: 99 (100)');
  });

  it('raises completeSince as the ring buffer evicts, per resource', () => {
    const hub = new WatchHub({ startResourceVersion: 0, historyPerResource: 3 });
    for (let rv = 1; rv <= 5; rv++) hub.publish('pods', change('MODIFIED', 'a', rv));
    hub.publish('nodes', change('ADDED', 'n', 6));
    expect(hub.completeSince('pods')).toBe(2);
    expect(hub.completeSince('nodes')).toBe(0);
    expect(() => hub.watch('pods', { fromResourceVersion: 1 }, () => undefined)).toThrow('too old resource version: 1 (2)');
    const { seen, listener } = collect();
    hub.watch('pods', { fromResourceVersion: 2 }, listener);
    expect(summary(seen)).toEqual(['MODIFIED a@3', 'MODIFIED a@4', 'MODIFIED a@5']);
  });

  it('ends a slow consumer with Expired when its queue overflows, without holding up others', () => {
    const hub = new WatchHub({ startResourceVersion: 0, maxPendingPerWatcher: 3 });
    const errors: StatusError[] = [];
    const slow = collect();
    const subscription = hub.watch('pods', { onError: (e) => void errors.push(e) }, (c) => {
      slow.seen.push(c);
      return false; // like a stream whose buffer is full
    });
    const fast = collect();
    hub.watch('pods', {}, fast.listener);
    for (let rv = 1; rv <= 4; rv++) hub.publish('pods', change('MODIFIED', 'a', rv));
    expect(subscription.pending).toBe(3);
    expect(subscription.resourceVersion).toBe(1);
    hub.publish('pods', change('MODIFIED', 'a', 5));
    expect(subscription.closed).toBe(true);
    expect(errors.map((e) => e.reason)).toEqual(['Expired']);
    expect(summary(slow.seen)).toEqual(['MODIFIED a@1']);
    expect(fast.seen).toHaveLength(5);
    expect(hub.watcherCount('pods')).toBe(1);
  });

  it('resumes a paused subscription in order', () => {
    const hub = new WatchHub({ startResourceVersion: 0 });
    const { seen, listener } = collect();
    const subscription = hub.watch('pods', {}, listener);
    subscription.pause();
    hub.publish('pods', change('ADDED', 'a', 1));
    hub.publish('pods', change('MODIFIED', 'a', 2));
    expect(seen).toEqual([]);
    hub.advance(7);
    expect(subscription.resourceVersion).toBe(0);
    subscription.resume();
    expect(summary(seen)).toEqual(['ADDED a@1', 'MODIFIED a@2']);
    expect(subscription.resourceVersion).toBe(7);
  });

  it('stops delivery on close', () => {
    const hub = new WatchHub({ startResourceVersion: 0 });
    const { seen, listener } = collect();
    const subscription = hub.watch('pods', {}, listener);
    hub.publish('pods', change('ADDED', 'a', 1));
    subscription.close();
    subscription.close();
    hub.publish('pods', change('MODIFIED', 'a', 2));
    expect(summary(seen)).toEqual(['ADDED a@1']);
    expect(hub.watcherCount('pods')).toBe(0);
  });

  it('ends a subscription whose listener throws, and keeps serving the others', () => {
    const hub = new WatchHub({ startResourceVersion: 0 });
    const errors: StatusError[] = [];
    hub.watch('pods', { onError: (e) => void errors.push(e) }, () => {
      throw new Error('boom');
    });
    const { seen, listener } = collect();
    hub.watch('pods', {}, listener);
    hub.publish('pods', change('ADDED', 'a', 1));
    expect(errors.map((e) => e.reason)).toEqual(['InternalError']);
    expect(seen).toHaveLength(1);
    expect(hub.watcherCount('pods')).toBe(1);
  });

  it('keeps one order for all watchers when a listener publishes re-entrantly', () => {
    const hub = new WatchHub({ startResourceVersion: 0 });
    const seen: string[] = [];
    const late = collect();
    hub.watch('pods', {}, (c) => {
      seen.push(`${c.resourceVersion}`);
      if (c.resourceVersion === 1) {
        hub.watch('pods', {}, late.listener);
        hub.publish('pods', change('MODIFIED', 'a', 2));
      }
    });
    hub.watch('pods', {}, (c) => void seen.push(`second ${c.resourceVersion}`));
    hub.publish('pods', change('ADDED', 'a', 1));
    expect(seen).toEqual(['1', 'second 1', '2', 'second 2']);
    expect(summary(late.seen)).toEqual(['MODIFIED a@2']);
  });

  it('refuses resourceVersions that go backwards or reuse one passed by advance', () => {
    const hub = new WatchHub({ startResourceVersion: 5 });
    expect(() => hub.publish('pods', change('ADDED', 'a', 5))).toThrow(RangeError);
    hub.publish('pods', change('ADDED', 'a', 6));
    hub.publish('nodes', change('MODIFIED', 'n', 6)); // one log event, two objects
    hub.advance(8);
    expect(() => hub.publish('pods', change('MODIFIED', 'a', 8))).toThrow(RangeError);
    expect(hub.currentResourceVersion).toBe(8);
  });
});

describe('filterChange', () => {
  const app = (o: KubeObject): boolean => o.metadata.labels?.['app'] === 'web';
  it('turns an object entering the selection into ADDED and one leaving it into DELETED', () => {
    const entering: ObjectChange = { ...change('MODIFIED', 'a', 3, { app: 'web' }), previous: pod('a', 2) };
    expect(filterChange(entering, app)?.type).toBe('ADDED');
    const leaving: ObjectChange = { ...change('MODIFIED', 'a', 4), previous: pod('a', 3, { app: 'web' }) };
    const deleted = filterChange(leaving, app);
    expect(deleted?.type).toBe('DELETED');
    expect(deleted?.object.metadata).toMatchObject({ labels: { app: 'web' }, resourceVersion: '4' });
    expect(filterChange({ ...change('MODIFIED', 'a', 5), previous: pod('a', 4) }, app)).toBeUndefined();
    expect(filterChange(change('MODIFIED', 'a', 5), app)).toBeUndefined();
    expect(filterChange(change('DELETED', 'a', 6, { app: 'web' }), app)?.type).toBe('DELETED');
  });
});
