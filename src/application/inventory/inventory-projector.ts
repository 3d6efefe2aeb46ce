import type { EventStore, Subscription } from '../ports/event-store.port.ts';
import type { Inventory } from './inventory.ts';

/**
 * Keeps the inventory current: catches up on the global log from the inventory's checkpoint,
 * then follows live appends. Readers that just wrote can wait until their write is projected.
 */
export class InventoryProjector {
  private subscription: Subscription | undefined;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    readonly inventory: Inventory,
  ) {}

  /** Resolves once every event stored before the call is in the inventory. */
  async start(): Promise<void> {
    if (this.subscription) return;
    const head = await this.store.headPosition();
    this.subscription = this.store.subscribeToAll(this.inventory.checkpoint, (event) => {
      this.inventory.applyEvent(event);
      if (this.waiters.length > 0) this.release();
    });
    await this.waitFor(head);
  }

  /** Resolves when the inventory has applied the event at `position` (or a later one). */
  waitFor(position: number): Promise<void> {
    if (this.inventory.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  private release(): void {
    const checkpoint = this.inventory.checkpoint;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.position <= checkpoint) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}
