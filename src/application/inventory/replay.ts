import type { EventStore, RecordedEvent } from '../ports/event-store.port.ts';
import { Inventory } from './inventory.ts';
import type { AggregateDefinition } from '../commands/aggregate-definition.ts';

export interface ReplayOptions {
  /** Stop after this global position (inclusive). */
  untilPosition?: number;
  /** Stop before the first event recorded after this instant (ISO-8601): the inventory as of then. */
  asOf?: string;
  onProgress?: (eventsApplied: number) => void;
}

/** Rebuilds an inventory from the global log alone. */
export const replayInventory = async (store: EventStore, definitions: readonly AggregateDefinition[], options: ReplayOptions = {}): Promise<Inventory> => {
  const inventory = new Inventory(definitions);
  const asOf = options.asOf === undefined ? undefined : Date.parse(options.asOf);
  let after = 0;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, maxCount: 10_000 });
    if (page.length === 0) return inventory;
    for (const event of page) {
      if (options.untilPosition !== undefined && event.position > options.untilPosition) return inventory;
      if (asOf !== undefined && Date.parse(event.metadata.time) > asOf) return inventory;
      inventory.applyEvent(event);
    }
    after = page[page.length - 1]!.position;
    options.onProgress?.(inventory.eventCount);
  }
};
