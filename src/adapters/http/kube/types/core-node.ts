import type { KubeObject } from '../kube-object.ts';
import type { ResourceType } from '../resource-type.ts';
import { ageColumn, at, column, conditionStatus, fieldColumn, list, nameColumn, record, text } from './columns.ts';
import { arr, bool, conditions, obj, openObj, quantityMap, str, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

const nodeSpec = openObj('NodeSpec describes the attributes a node (a host of the fleet) is created with.', {
  unschedulable: bool('Unschedulable controls node schedulability of new pods and VMs (kubectl cordon sets it).'),
  providerID: str('ID of the node assigned by the infrastructure provider.'),
  podCIDR: str('The pod IP range assigned to the node.'),
  taints: arr("The node's taints.", openObj('A taint repels pods that do not tolerate it.', {
    key: str('The taint key.'),
    value: str('The taint value.'),
    effect: str('NoSchedule, PreferNoSchedule or NoExecute.'),
  })),
});

const nodeStatus = openObj('NodeStatus is the most recently observed status of the node.', {
  capacity: quantityMap('Total resources of the node (cpu, memory, pods).'),
  allocatable: quantityMap('Resources of the node available for scheduling.'),
  phase: str('Deprecated node lifecycle phase.'),
  conditions: conditions('Current observed conditions of the node (Ready, MemoryPressure, DiskPressure, ...).'),
  addresses: arr('Addresses reachable to the node.', obj('An address of the node.', {
    type: str('Node address type: Hostname, ExternalIP or InternalIP.'),
    address: str('The node address.'),
  })),
  nodeInfo: openObj('General information about the node.', {
    machineID: str('Machine ID reported by the node.'),
    systemUUID: str('System UUID reported by the node.'),
    kernelVersion: str('Kernel version reported by the node.'),
    osImage: str('OS image reported by the node.'),
    containerRuntimeVersion: str('Container runtime version reported by the node.'),
    kubeletVersion: str('Kubelet version reported by the node.'),
    operatingSystem: str('The operating system reported by the node.'),
    architecture: str('The architecture reported by the node.'),
  }),
  images: arr('Images present on the node.', openObj('A container image.', { names: strs('Names of the image.') })),
});

const nodeStatusCell = (node: KubeObject): string => {
  const ready = conditionStatus(node, 'Ready');
  const state = ready === null ? 'Unknown' : ready === 'True' ? 'Ready' : 'NotReady';
  return at(node, 'spec', 'unschedulable') === true ? `${state},SchedulingDisabled` : state;
};

const rolePrefix = 'node-role.kubernetes.io/';
const rolesCell = (node: KubeObject): string => {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(record(node.metadata?.labels))) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) roles.add(key.slice(rolePrefix.length));
    else if (key === 'kubernetes.io/role' && typeof value === 'string' && value) roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
};

const internalIp = (node: KubeObject): string | null =>
  text(at(list(at(node, 'status', 'addresses')).find((a) => at(a, 'type') === 'InternalIP'), 'address')) || '<none>';

export const nodeType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'Node',
  listKind: 'NodeList',
  plural: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  categories: [],
  namespaced: false,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'Node is a host of the simulated hypervisor fleet; pods and virtual machines are placed on nodes.',
  printerColumns: [
    nameColumn(),
    column('Status', 'The readiness of the node, and whether it takes new workloads.', nodeStatusCell),
    column('Roles', 'The roles of the node (node-role.kubernetes.io/* labels).', rolesCell),
    ageColumn(),
    fieldColumn('Version', 'Kubelet version reported by the node.', ['status', 'nodeInfo', 'kubeletVersion']),
    column('Internal-IP', 'The InternalIP address of the node.', internalIp, { priority: 1 }),
    column('OS-Image', 'OS image reported by the node.', (node) => text(at(node, 'status', 'nodeInfo', 'osImage')) || '<unknown>', { priority: 1 }),
  ],
  specSchema: nodeSpec,
  statusSchema: nodeStatus,
};
