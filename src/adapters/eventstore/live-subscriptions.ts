import type { EventHandler, ReadAllOptions, RecordedEvent, Subscription } from '../../application/ports/event-store.port.ts';

/**
 * Catch-up-then-live delivery for stores living in this process: events committed while the
 * catch-up reads run are buffered, then replayed past the last position already delivered,
 * so a subscriber sees every event exactly once and in order.
 */
export class LiveSubscriptions {
  private readonly listeners = new Set<(events: readonly RecordedEvent[]) => void>();

  /** Called by the store after a commit, with the committed events in position order. */
  publish(events: readonly RecordedEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }

  subscribe(after: number, handler: EventHandler, readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>): Subscription {
    let delivered = after;
    let live = false;
    let closed = false;
    const buffered: RecordedEvent[] = [];
    const deliver = (event: RecordedEvent): void => {
      if (closed || event.position <= delivered) return;
      delivered = event.position;
      handler(event);
    };
    const listener = (events: readonly RecordedEvent[]): void => {
      if (live) events.forEach(deliver);
      else buffered.push(...events);
    };
    this.listeners.add(listener);
    const catchUp = (async () => {
      for (;;) {
        const page = await readAll({ after: delivered, maxCount: 4096 });
        if (closed) return;
        if (page.length === 0) break;
        page.forEach(deliver);
      }
      buffered.forEach(deliver);
      buffered.length = 0;
      live = true;
    })();
    catchUp.catch(() => {
      closed = true;
      this.listeners.delete(listener);
    });
    return {
      close: async () => {
        closed = true;
        this.listeners.delete(listener);
        await catchUp.catch(() => undefined);
      },
    };
  }

  clear(): void {
    this.listeners.clear();
  }
}
