import type { HostReady } from '../../domain/host/index.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import { namespacedId, streamName } from '../streams.ts';
import { KeyedQueue } from './keyed-queue.ts';

const categories = { PodVM: 'podVm', VirtualMachine: 'virtualMachine' } as const;
type WorkloadKind = keyof typeof categories;

/**
 * Destroys on its host what a deleted pod VM or VM leaves there, so a host runs only what the
 * inventory says it does. Level-based: a reconcile destroys the VM only if no live incarnation of
 * the same name is placed on that host now (a pod recreated under its old name keeps running).
 * A host that is gone or failed has nothing left to destroy.
 */
export class DeletedWorkloadReaper {
  private readonly queue: KeyedQueue;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly hypervisor: Hypervisor,
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key));
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, wasLive, live, previousState }) => {
      if (!(object.kind in categories) || !wasLive || live) return;
      const host = (previousState as { host?: string | null }).host;
      if (host) this.queue.add([object.kind, object.namespace, object.name, host].join('|'));
    });
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
  }

  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async reconcile(key: string): Promise<void> {
    const [kind, namespace, name, host] = key.split('|') as [WorkloadKind, string, string, string];
    const current = this.inventory.get(kind, namespace, name)?.state as { host?: string | null } | undefined;
    if (current?.host === host) return;
    const hostState = this.inventory.get('Host', null, host)?.state as HostReady | undefined;
    if (!hostState || hostState.failed) return;
    await this.hypervisor.destroy(host, streamName(categories[kind], namespacedId(namespace, name)));
  }
}
