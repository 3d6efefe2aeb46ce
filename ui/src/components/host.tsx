import type { KubeObject } from '../lib/objects.ts';
import { formatBytes, formatCores, parseQuantity } from '../lib/quantity.ts';
import { Meter } from './ui.tsx';

/** A host's allocation against its capacity: CPU, memory, pod VMs. */
export const HostMeters = ({ node }: { node: KubeObject }) => {
  const allocated = node.status?.allocated ?? {};
  const capacity = node.status?.capacity ?? {};
  const name = node.metadata.name;
  const cpu = [parseQuantity(allocated.cpu ?? 0), parseQuantity(capacity.cpu)] as const;
  const memory = [parseQuantity(allocated.memory ?? 0), parseQuantity(capacity.memory)] as const;
  const pods = [Number(allocated.podVMs ?? 0), parseQuantity(capacity.pods)] as const;
  return (
    <div class="meters">
      <Meter name="CPU" label={`CPU of ${name}`} used={cpu[0]} total={cpu[1]} text={`${formatCores(cpu[0])} of ${formatCores(cpu[1])}`} />
      <Meter name="Memory" label={`Memory of ${name}`} used={memory[0]} total={memory[1]} text={`${formatBytes(memory[0])} of ${formatBytes(memory[1])}`} />
      <Meter name="Pod VMs" label={`Pod VMs on ${name}`} used={pods[0]} total={pods[1]} text={`${pods[0]} of ${pods[1]}`} />
      <p class="muted small">{Number(allocated.virtualMachines ?? 0)} virtual machines</p>
    </div>
  );
};
