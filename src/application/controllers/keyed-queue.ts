/**
 * A work queue as controller-runtime has it: a key is processed by one worker at a time, a key
 * added while it is processed is processed again afterwards, and a failed key is retried with
 * exponential backoff (capped).
 */
export class KeyedQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly options: { concurrency?: number; baseDelayMs?: number; maxDelayMs?: number } = {},
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.waiting.add(key);
    queueMicrotask(() => this.pump());
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private isIdle(): boolean {
    return this.waiting.size === 0 && this.running.size === 0 && this.timers.size === 0;
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 64;
    for (const key of this.waiting) {
      if (this.running.size >= concurrency) return;
      this.waiting.delete(key);
      this.running.add(key);
      void this.process(key);
    }
    if (this.isIdle()) this.notifyIdle();
  }

  private async process(key: string): Promise<void> {
    try {
      await this.work(key);
      this.failures.delete(key);
    } catch {
      const attempts = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, attempts);
      const delay = Math.min((this.options.baseDelayMs ?? 100) * 2 ** (attempts - 1), this.options.maxDelayMs ?? 30_000);
      if (!this.stopped) {
        this.timers.set(
          key,
          setTimeout(() => {
            this.timers.delete(key);
            this.add(key);
          }, delay),
        );
      }
    } finally {
      this.running.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
