import type { NamespaceLive, QuotaAmounts } from '../../domain/namespace/index.ts';
import { ipToNumber, numberToIp, parseSegment } from '../../domain/shared/ipv4.ts';
import { forbidden } from '../../domain/shared/errors.ts';
import { namespaceAggregate } from '../aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { Pacific } from './pacific.ts';
import type { NamespaceContents } from './compensated.ts';
import { DEFAULT_NAMESPACE } from '../seed/default-namespace.ts';

/** Namespace segments are carved as /20s (4094 addresses each) out of 10.16.0.0/12 onwards. */
const SEGMENT_POOL_START = ipToNumber('10.16.0.0');
const SEGMENT_SIZE = 4096;
const SEGMENT_POOL_END = ipToNumber('10.255.255.255');

export interface CreateNamespaceInput {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  networkSegment?: string;
}

/** The admin's unit of management: a namespace and the policies that hold for all it contains. */
export class NamespaceService {
  // Segment choice reads the inventory, so namespace creations in this process take turns.
  private creating: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pacific: Pacific,
    private readonly contents: readonly NamespaceContents[],
  ) {}

  create(input: CreateNamespaceInput, context: CommandContext): Promise<NamespaceLive> {
    const next = this.creating.then(async () => {
      const networkSegment = input.networkSegment ?? this.freeSegment();
      const result = await this.pacific.execute(
        namespaceAggregate,
        input.name,
        {
          type: 'CreateNamespace',
          data: { name: input.name, uid: this.pacific.newUid(), labels: input.labels ?? {}, annotations: input.annotations ?? {}, networkSegment },
        },
        context,
      );
      return result.state as NamespaceLive;
    });
    this.creating = next.catch(() => undefined);
    return next;
  }

  async setQuota(name: string, hard: QuotaAmounts, context: CommandContext): Promise<NamespaceLive> {
    return (await this.pacific.execute(namespaceAggregate, name, { type: 'SetNamespaceQuota', data: { name, hard } }, context)).state as NamespaceLive;
  }

  async assignStorageClasses(name: string, storageClasses: string[], context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, name, { type: 'AssignNamespaceStorageClasses', data: { name, storageClasses } }, context);
  }

  async assignVirtualMachineClasses(name: string, virtualMachineClasses: string[], context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, name, { type: 'AssignNamespaceVirtualMachineClasses', data: { name, virtualMachineClasses } }, context);
  }

  async assignVirtualMachineImages(name: string, virtualMachineImages: string[], context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, name, { type: 'AssignNamespaceVirtualMachineImages', data: { name, virtualMachineImages } }, context);
  }

  async switchEncryption(name: string, enabled: boolean, context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, name, { type: 'SwitchNamespaceEncryption', data: { name, enabled } }, context);
  }

  /**
   * Kubernetes semantics: the namespace turns Terminating, everything in it is deleted, and only
   * then is the namespace itself deleted. The API terminates and leaves the rest to the
   * terminating-namespace controller; this does all three at once.
   */
  async delete(name: string, context: CommandContext): Promise<void> {
    await this.terminate(name, context);
    await this.finalize(name, context);
  }

  async terminate(name: string, context: CommandContext): Promise<void> {
    // As in Kubernetes: kubectl falls back on it, so it is always there.
    if (name === DEFAULT_NAMESPACE) throw forbidden('this namespace may not be deleted');
    await this.pacific.execute(namespaceAggregate, name, { type: 'TerminateNamespace', data: { name } }, context);
  }

  /**
   * Deletes what a terminating namespace still holds, then the namespace; while finalizers hold
   * some of its objects the namespace stays Terminating (false), as in Kubernetes.
   */
  async finalize(name: string, context: CommandContext): Promise<boolean> {
    for (const kind of this.contents) await kind.deleteAllIn(name, context);
    if (this.contents.some((kind) => kind.holdsAnyIn(name))) return false;
    await this.pacific.execute(namespaceAggregate, name, { type: 'DeleteNamespace', data: { name } }, context);
    return true;
  }

  private freeSegment(): string {
    const used = new Set<number>();
    for (const object of this.pacific.inventory.list('Namespace')) {
      used.add(ipToNumber(parseSegment((object.state as NamespaceLive).networkSegment).cidr.split('/')[0]!));
    }
    for (let base = SEGMENT_POOL_START; base + SEGMENT_SIZE - 1 <= SEGMENT_POOL_END; base += SEGMENT_SIZE) {
      if (!used.has(base)) return `${numberToIp(base)}/20`;
    }
    throw forbidden('no free network segment left for a new namespace');
  }
}
