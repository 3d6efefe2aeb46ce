import { describe, expect, it } from 'vitest';
import { StateCache } from '../../../src/application/commands/state-cache.ts';
import { RevisionCache } from '../../../src/adapters/eventstore/sqlite-revision-cache.ts';

describe('bounded caches of stream states and revisions', () => {
  it('drop the stream remembered longest ago once past capacity; updates keep their place', () => {
    const states = new StateCache(2);
    states.set('a', { state: 'a0', revision: 0 });
    states.set('b', { state: 'b0', revision: 0 });
    states.set('a', { state: 'a1', revision: 1 });
    states.set('c', { state: 'c0', revision: 0 });
    expect(states.get('a')).toBeUndefined();
    expect(states.get('b')).toEqual({ state: 'b0', revision: 0 });
    expect(states.get('c')).toEqual({ state: 'c0', revision: 0 });

    const revisions = new RevisionCache(2);
    revisions.set('a', 0);
    revisions.set('b', 0);
    revisions.set('a', 1);
    revisions.set('c', 0);
    expect([revisions.get('a'), revisions.get('b'), revisions.get('c')]).toEqual([undefined, 0, 0]);
  });
});
