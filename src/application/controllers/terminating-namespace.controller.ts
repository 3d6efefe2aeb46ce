import type { NamespaceLive } from '../../domain/namespace/index.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { NamespaceService } from '../services/namespace.service.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor = { actor: 'system:namespace-controller' };

/**
 * Empties terminating namespaces and removes them, as Kubernetes' namespace controller does.
 * It waits a moment before starting, so that a `kubectl delete -f` naming a namespace and its
 * objects still finds each object it names.
 */
export class TerminatingNamespaceController {
  private readonly queue: KeyedQueue;
  private stopListening: (() => void) | undefined;
  private readonly delays = new Set<NodeJS.Timeout>();

  constructor(
    private readonly inventory: Inventory,
    private readonly namespaces: NamespaceService,
    private readonly graceMs = 1000,
  ) {
    this.queue = new KeyedQueue((name) => this.reconcile(name));
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, live }) => {
      if (object.kind === 'Namespace' && live && (object.state as NamespaceLive).status === 'Terminating') this.later(object.name);
    });
    for (const namespace of this.inventory.list('Namespace')) if ((namespace.state as NamespaceLive).status === 'Terminating') this.later(namespace.name);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.delays.forEach(clearTimeout);
    await this.queue.stop();
  }

  private later(name: string): void {
    const timer = setTimeout(() => {
      this.delays.delete(timer);
      this.queue.add(name);
    }, this.graceMs);
    this.delays.add(timer);
  }

  private async reconcile(name: string): Promise<void> {
    const namespace = this.inventory.get('Namespace', null, name)?.state as NamespaceLive | undefined;
    if (namespace?.status !== 'Terminating') return;
    await this.namespaces.finalize(name, actor);
  }
}
