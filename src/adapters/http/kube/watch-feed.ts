import type { AggregateKind } from '../../../application/commands/aggregate-definition.ts';
import type { Inventory } from '../../../application/inventory/inventory.ts';
import type { KindMapper } from './mappers/kind-mapper.ts';
import { resourceKey, type ResourceType } from './resource-type.ts';
import type { WatchHub } from './watch/index.ts';

export interface ServedKind {
  type: ResourceType;
  mapper: KindMapper;
}

/**
 * Turns every change the inventory applies into a watch event of its API kind. Attached once the
 * inventory has caught up, so catching up on a long log renders nothing.
 */
export const connectWatchFeed = (inventory: Inventory, kinds: readonly ServedKind[], hub: WatchHub): void => {
  const byAggregate = new Map<AggregateKind, { key: string; mapper: KindMapper }>();
  for (const { type, mapper } of kinds) byAggregate.set(mapper.aggregateKind, { key: resourceKey(type), mapper });
  inventory.onChange((change) => {
    const served = byAggregate.get(change.object.kind);
    if (served) {
      const { key, mapper } = served;
      const type = !change.wasLive ? 'ADDED' : !change.live ? 'DELETED' : 'MODIFIED';
      const object = mapper.render(change.object, change.live ? change.object.state : change.previousState);
      // The earlier form lets filtered watches see objects entering or leaving their selector.
      const previous = type === 'MODIFIED' && hub.watcherCount(key) > 0 ? mapper.render(change.object, change.previousState) : undefined;
      hub.publish(key, { type, object, resourceVersion: change.object.position, ...(previous ? { previous } : {}) });
    }
    hub.advance(change.object.position);
  });
};
