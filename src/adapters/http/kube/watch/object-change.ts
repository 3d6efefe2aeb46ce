import type { KubeObject } from '../kube-object.ts';

/** One change of one object, at a global log position (its resourceVersion). */
export interface ObjectChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  resourceVersion: number;
  /**
   * The object before this change (optional). When given, a filtered watch sees the object
   * entering the selection as ADDED and leaving it as DELETED, as the kube watch cache does.
   */
  previous?: KubeObject;
}

export type ObjectFilter = (object: KubeObject) => boolean;

/** What a watcher with `filter` sees of `change`, or undefined when it sees nothing. */
export const filterChange = (change: ObjectChange, filter: ObjectFilter | undefined): ObjectChange | undefined => {
  if (!filter) return change;
  switch (change.type) {
    case 'ADDED':
      return filter(change.object) ? change : undefined;
    case 'DELETED':
      return filter(change.previous ?? change.object) ? change : undefined;
    case 'MODIFIED': {
      const now = filter(change.object);
      if (!change.previous) return now ? change : undefined;
      const was = filter(change.previous);
      if (now) return was ? change : { ...change, type: 'ADDED' };
      if (!was) return undefined;
      // Left the selection: the watcher last saw the previous content, so that is what goes away.
      const object = { ...change.previous, metadata: { ...change.previous.metadata, resourceVersion: String(change.resourceVersion) } };
      return { type: 'DELETED', object, resourceVersion: change.resourceVersion };
    }
    default: {
      const unknownType: never = change.type;
      throw new Error(`unknown change type ${String(unknownType)}`);
    }
  }
};
