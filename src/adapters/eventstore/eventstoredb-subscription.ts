import { START, excludeSystemEvents, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import type { EventHandler, Subscription } from '../../application/ports/event-store.port.ts';
import { fromResolvedEvent, isSystemEvent, toEsdbPosition } from './eventstoredb-mapping.ts';

/** `resuming`: the subscription will carry on from its last delivered event; otherwise it has stopped. */
export type SubscriptionErrorHandler = (error: unknown, resuming: boolean) => void;

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * The port's catch-up-then-live subscription over EventStoreDB's own subscription to $all, which
 * already delivers stored events first and live ones after, in order. The server drops `$` event
 * types (excludeSystemEvents); `$` streams and anything at or before the last delivered position are
 * dropped here. A subscription the server or network ends is reopened from the last delivered position,
 * with backoff; a handler that throws stops it.
 */
export class EventStoreDbSubscription implements Subscription {
  private delivered: number;
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private wake: (() => void) | undefined;
  private readonly running: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    after: number,
    private readonly handler: EventHandler,
    private readonly onError: SubscriptionErrorHandler,
  ) {
    this.delivered = after;
    this.running = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    if (this.current) await stop(this.current);
    await this.running;
  }

  private async run(): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    while (!this.closed) {
      const subscription = this.client.subscribeToAll({
        fromPosition: this.delivered === 0 ? START : toEsdbPosition(this.delivered),
        filter: excludeSystemEvents(),
      });
      this.current = subscription;
      try {
        for await (const resolved of subscription) {
          if (this.closed) break;
          if (isSystemEvent(resolved)) continue;
          const event = fromResolvedEvent(resolved);
          if (event.position <= this.delivered) continue;
          this.delivered = event.position;
          retryMs = FIRST_RETRY_MS;
          this.deliver(event);
        }
        if (!this.closed) throw new Error('EventStoreDB ended the subscription to $all');
      } catch (error) {
        if (!this.closed) this.onError(error, true);
      } finally {
        await stop(subscription);
      }
      if (!this.closed) {
        await this.sleep(retryMs);
        retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
      }
    }
  }

  private deliver(event: Parameters<EventHandler>[0]): void {
    try {
      this.handler(event);
    } catch (error) {
      this.closed = true;
      this.onError(error, false);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

// Cancelling the gRPC call does not end the client's stream object, so the pending iteration is ended too.
const stop = async (subscription: AllStreamSubscription): Promise<void> => {
  await subscription.unsubscribe();
  subscription.destroy();
};
