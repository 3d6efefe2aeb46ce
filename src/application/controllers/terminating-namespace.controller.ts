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
  /** One pending wait per namespace, however many of its objects go meanwhile. */
  private readonly delays = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly inventory: Inventory,
    private readonly namespaces: NamespaceService,
    private readonly graceMs = 1000,
  ) {
    this.queue = new KeyedQueue((name) => this.reconcile(name));
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, live, wasLive }) => {
      if (object.kind === 'Namespace' && live && (object.state as NamespaceLive).status === 'Terminating') this.later(object.name);
      // An object a finalizer held in a terminating namespace is gone: the namespace may go now
      // (after the same moment's wait, so a `kubectl delete -f` still finds what it names).
      else if (wasLive && !live && object.namespace !== null && this.isTerminating(object.namespace)) this.later(object.namespace);
    });
    for (const namespace of this.inventory.list('Namespace')) if ((namespace.state as NamespaceLive).status === 'Terminating') this.later(namespace.name);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.delays.forEach(clearTimeout);
    await this.queue.stop();
  }

  private later(name: string): void {
    if (this.delays.has(name)) return;
    const timer = setTimeout(() => {
      this.delays.delete(name);
      this.queue.add(name);
    }, this.graceMs);
    this.delays.set(name, timer);
  }

  private isTerminating(name: string): boolean {
    return (this.inventory.get('Namespace', null, name)?.state as NamespaceLive | undefined)?.status === 'Terminating';
  }

  private async reconcile(name: string): Promise<void> {
    if (!this.isTerminating(name)) return;
    await this.namespaces.finalize(name, actor);
  }
}
