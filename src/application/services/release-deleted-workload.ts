import { hostAggregate, namespaceAggregate } from '../aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import { namespacedId, streamName, type StreamCategory } from '../streams.ts';
import type { Pacific } from './pacific.ts';

interface WorkloadDeleted {
  type: string;
  data: unknown;
}

/**
 * Once a pod VM's or VM's deletion event (`deletedType`) is among `events`, frees what the object
 * held: its room on its host, its address and its quota reservation. A delete that finalizers
 * held, or a metadata change that did not complete one, frees nothing.
 */
export const releaseIfDeleted = async (
  pacific: Pacific,
  category: Extract<StreamCategory, 'podVm' | 'virtualMachine'>,
  deletedType: string,
  events: readonly WorkloadDeleted[],
  context: CommandContext,
): Promise<void> => {
  const deleted = events.find((event) => event.type === deletedType)?.data as { namespace: string; name: string; host: string | null } | undefined;
  if (!deleted) return;
  const { namespace, name, host } = deleted;
  const objectRef = streamName(category, namespacedId(namespace, name));
  if (host) await pacific.execute(hostAggregate, host, { type: 'ReleaseHostResources', data: { name: host, objectRef } }, context);
  await pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceIp', data: { name: namespace, objectRef } }, context);
  await pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceQuota', data: { name: namespace, objectRef } }, context);
};
