import { hostAggregate } from '../aggregates.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { Pacific } from '../services/pacific.ts';

/** Registers every host the hypervisor reports that the inventory does not know yet. */
export class FleetBootstrapper {
  constructor(
    private readonly hypervisor: Hypervisor,
    private readonly pacific: Pacific,
  ) {}

  async registerNewHosts(): Promise<string[]> {
    const registered: string[] = [];
    for (const host of await this.hypervisor.listHosts()) {
      if (this.pacific.inventory.get('Host', null, host.name)) continue;
      await this.pacific.execute(
        hostAggregate,
        host.name,
        { type: 'RegisterHost', data: { name: host.name, uid: this.pacific.newUid(), capacity: host.capacity, maxPodVMs: host.maxPodVMs, labels: {} } },
        { actor: 'system:fleet' },
      );
      registered.push(host.name);
    }
    return registered;
  }
}
