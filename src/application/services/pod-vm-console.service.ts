import type { PodVMLive } from '../../domain/podvm/index.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { ConsoleLine, Hypervisor } from '../ports/hypervisor.port.ts';
import { namespacedId, streamName } from '../streams.ts';

export interface PodVMConsole {
  pod: PodVMLive;
  /** Empty while the pod VM has no host yet, or when its host no longer holds it. */
  lines: ConsoleLine[];
}

/** A pod VM's console as its host keeps it: what `kubectl logs` shows. */
export class PodVMConsoles {
  constructor(
    private readonly inventory: Inventory,
    private readonly hypervisor: Hypervisor,
  ) {}

  async read(namespace: string, name: string): Promise<PodVMConsole> {
    const pod = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (!pod) throw notFound(`pods "${name}"`);
    if (!pod.host) return { pod, lines: [] };
    const lines = await this.hypervisor.consoleLog(pod.host, streamName('podVm', namespacedId(namespace, name)));
    return { pod, lines };
  }
}
