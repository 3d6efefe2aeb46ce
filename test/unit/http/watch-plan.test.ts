import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { planWatch, type WatchQuery } from '../../../src/adapters/http/kube/watch/index.ts';

const invalid = (query: WatchQuery): StatusError => {
  try {
    planWatch(query);
  } catch (error) {
    if (error instanceof StatusError) return error;
  }
  throw new Error('expected an Invalid StatusError');
};

describe('planWatch', () => {
  it('sends the current state when resourceVersion is absent or "0"', () => {
    expect(planWatch({ allowWatchBookmarks: false })).toEqual({ initial: 'state' });
    expect(planWatch({ resourceVersion: '', allowWatchBookmarks: false })).toEqual({ initial: 'state' });
    expect(planWatch({ resourceVersion: '0', allowWatchBookmarks: true })).toEqual({ initial: 'state' });
  });

  it('resumes after an explicit resourceVersion', () => {
    expect(planWatch({ resourceVersion: '123', allowWatchBookmarks: false })).toEqual({ initial: 'none', from: 123 });
  });

  it('honours sendInitialEvents=true with a closing bookmark, and false as "changes only"', () => {
    expect(planWatch({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true })).toEqual({ initial: 'state+bookmark' });
    expect(planWatch({ sendInitialEvents: false, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: false })).toEqual({ initial: 'none' });
    expect(planWatch({ sendInitialEvents: false, resourceVersion: '7', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: false })).toEqual({ initial: 'none', from: 7 });
  });

  it('rejects what kube-apiserver rejects, as 422 Invalid ListOptions with causes', () => {
    const noBookmarks = invalid({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: false });
    expect(noBookmarks.code).toBe(422);
    expect(noBookmarks.details).toMatchObject({ group: 'meta.k8s.io', kind: 'ListOptions', causes: [{ field: 'allowWatchBookmarks' }] });
    expect(invalid({ resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true }).details.causes?.[0]?.field).toBe('resourceVersionMatch');
    expect(invalid({ sendInitialEvents: true, resourceVersionMatch: 'Exact', allowWatchBookmarks: true }).message).toContain('Unsupported value: "Exact"');
    expect(invalid({ resourceVersion: 'abc', allowWatchBookmarks: false }).details.causes?.[0]?.field).toBe('resourceVersion');
    expect(invalid({ resourceVersion: '-1', allowWatchBookmarks: false }).reason).toBe('Invalid');
  });
});
