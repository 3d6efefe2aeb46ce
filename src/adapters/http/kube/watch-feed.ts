import type { AggregateKind } from '../../../application/commands/aggregate-definition.ts';
import type { Inventory, InventoryChange } from '../../../application/inventory/inventory.ts';
import type { KubeObject } from './kube-object.ts';
import type { KindMapper } from './mappers/kind-mapper.ts';
import { resourceKey, type ResourceType } from './resource-type.ts';
import type { QuotaUsage } from './quota-usage.ts';
import type { ObjectChange, WatchHub } from './watch/index.ts';

export interface ServedKind {
  type: ResourceType;
  mapper: KindMapper;
}

/**
 * Turns every change the inventory applies into a watch event of its API kind. Attached once the
 * inventory has caught up, so catching up on a long log renders nothing. A change of a namespace's
 * quota usage is also a MODIFIED event of each ResourceQuota of that namespace (their status
 * shows it), at the same resourceVersion.
 */
export const connectWatchFeed = (inventory: Inventory, kinds: readonly ServedKind[], hub: WatchHub, quotaUsage?: QuotaUsage): void => {
  const byAggregate = new Map<AggregateKind, { key: string; mapper: KindMapper }>();
  for (const { type, mapper } of kinds) byAggregate.set(mapper.aggregateKind, { key: resourceKey(type), mapper });
  const quotas = byAggregate.get('ResourceQuota');
  inventory.onChange((change) => {
    const served = byAggregate.get(change.object.kind);
    if (served) {
      const type = !change.wasLive ? 'ADDED' : !change.live ? 'DELETED' : 'MODIFIED';
      hub.publish(served.key, renderedOnDemand(served.mapper, change, type));
    }
    if (quotas && quotaUsage?.observe(change) && inventory.count('ResourceQuota', change.object.name) > 0) {
      for (const quota of inventory.list('ResourceQuota', change.object.name)) {
        // Rendered at the usage change's position, the quota's resourceVersion from now on.
        const atChange = { ...quota, position: change.event.position };
        hub.publish(quotas.key, renderedOnDemand(quotas.mapper, { ...change, object: atChange, previousState: quota.state, wasLive: true, live: true }, 'MODIFIED'));
      }
    }
    hub.advance(change.object.position);
  });
};

/**
 * A change whose API objects are rendered when a watcher first looks at them, once: most changes
 * are only kept in the resume history and never watched. The inventory object is copied as it is
 * now, because it moves on with the next event; kinds rendered from other objects too are
 * rendered at once.
 */
const renderedOnDemand = (mapper: KindMapper, change: InventoryChange, type: ObjectChange['type']): ObjectChange => {
  const object = { ...change.object };
  const state = change.live ? change.object.state : change.previousState;
  const { previousState } = change;
  let rendered: KubeObject | undefined = mapper.rendersFromInventory ? mapper.render(object, state) : undefined;
  let previous: KubeObject | undefined = mapper.rendersFromInventory && type === 'MODIFIED' ? mapper.render(object, previousState) : undefined;
  const lazy: ObjectChange = {
    type,
    resourceVersion: object.position,
    get object() {
      return (rendered ??= mapper.render(object, state));
    },
  };
  if (type !== 'MODIFIED') return lazy;
  // The earlier form lets filtered watches see objects entering or leaving their selector.
  return Object.defineProperty(lazy, 'previous', {
    enumerable: true,
    get: () => (previous ??= mapper.render(object, previousState)),
  });
};
