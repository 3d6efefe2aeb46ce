import type { GuestClusterLive, GuestClusterNodeRole } from '../../domain/guestcluster/index.ts';

/** What the reconciler knows of one VM built for the cluster. */
export interface NodeVm {
  name: string;
  poweredOn: boolean;
  deleting: boolean;
  /** The release the VM was built for. */
  version: string | null;
  /** A surge VM of a rolling upgrade names the node it is built to replace. */
  replaces: string | null;
}

export interface PlannedNode {
  nodeName: string;
  role: GuestClusterNodeRole;
  pool: string | null;
  version: string;
}

export type GuestClusterStep =
  /** Record the node, then build its VM. */
  | { type: 'RequestNode'; node: PlannedNode }
  | { type: 'CreateNodeVm'; node: PlannedNode }
  | { type: 'MarkNodeReady'; nodeName: string }
  /** Forget the node, then delete its VM if it has one. */
  | { type: 'RemoveNode'; nodeName: string }
  | { type: 'DeleteVm'; vmName: string }
  | { type: 'CreateSurgeVm'; node: PlannedNode; replaces: string }
  /** Swap the old node for the ready surge node, then delete the old node's VM. */
  | { type: 'ReplaceNode'; oldNode: string; newNode: string }
  | { type: 'CompleteUpgrade' }
  | { type: 'DeleteCluster' };

export type NewNodeName = (role: GuestClusterNodeRole, pool: string | null) => string;

interface Node {
  name: string;
  role: GuestClusterNodeRole;
  pool: string | null;
  version: string;
  ready: boolean;
}

/** Nodes oldest first: the decider appends a node's key when it is requested or swapped in. */
const nodesOf = (cluster: GuestClusterLive): Node[] => Object.entries(cluster.nodes).map(([name, node]) => ({ name, ...node }));

const isSurge = (cluster: GuestClusterLive, vm: NodeVm): boolean => {
  if (!cluster.upgrade || vm.replaces === null || vm.version !== cluster.spec.version) return false;
  const old = cluster.nodes[vm.replaces];
  return old !== undefined && old.version !== cluster.spec.version && cluster.nodes[vm.name] === undefined;
};

const planDeletion = (cluster: GuestClusterLive, vms: NodeVm[]): GuestClusterStep[] => {
  const nodes = nodesOf(cluster);
  const steps: GuestClusterStep[] = nodes.map((node) => ({ type: 'RemoveNode', nodeName: node.name }));
  for (const vm of vms) if (!vm.deleting && cluster.nodes[vm.name] === undefined) steps.push({ type: 'DeleteVm', vmName: vm.name });
  if (nodes.length === 0 && vms.length === 0) steps.push({ type: 'DeleteCluster' });
  return steps;
};

/** The next rolling-upgrade step: control plane first, oldest first, one surge node at a time. */
const planUpgrade = (cluster: GuestClusterLive, nodes: Node[], vms: NodeVm[], newName: NewNodeName): GuestClusterStep[] => {
  const version = cluster.spec.version;
  const behind = nodes.filter((node) => node.version !== version).sort((a, b) => (a.role === b.role ? 0 : a.role === 'ControlPlane' ? -1 : 1));
  if (behind.length === 0) return [{ type: 'CompleteUpgrade' }];
  const surge = vms.find((vm) => isSurge(cluster, vm));
  if (surge) return surge.poweredOn && !surge.deleting ? [{ type: 'ReplaceNode', oldNode: surge.replaces!, newNode: surge.name }] : [];
  const next = behind[0]!;
  return [{ type: 'CreateSurgeVm', node: { nodeName: newName(next.role, next.pool), role: next.role, pool: next.pool, version }, replaces: next.name }];
};

/**
 * One reconcile of a guest cluster, Cluster API style, as steps to run in order. Pure: it reads the
 * cluster's recorded nodes and the VMs built for it, and is run again after every change until
 * it plans nothing. Control-plane nodes join one at a time; worker pools are built once the whole
 * control plane is ready; scaling down removes the newest nodes; an upgrade runs only on an
 * otherwise settled cluster.
 */
export const planGuestCluster = (cluster: GuestClusterLive, vms: NodeVm[], newName: NewNodeName): GuestClusterStep[] => {
  if (cluster.deletionTimestamp !== null) return planDeletion(cluster, vms);
  const byName = new Map(vms.map((vm) => [vm.name, vm]));
  const steps: GuestClusterStep[] = [];
  const kept: Node[] = [];
  for (const node of nodesOf(cluster)) {
    const vm = byName.get(node.name);
    if (node.role === 'Worker' && !cluster.spec.nodePools.some((pool) => pool.name === node.pool)) {
      steps.push({ type: 'RemoveNode', nodeName: node.name });
      continue;
    }
    if (!vm) {
      // A ready node whose VM went away is replaced by a new node, as a MachineSet would.
      if (node.ready) steps.push({ type: 'RemoveNode', nodeName: node.name });
      else {
        steps.push({ type: 'CreateNodeVm', node: { nodeName: node.name, role: node.role, pool: node.pool, version: node.version } });
        kept.push(node);
      }
      continue;
    }
    if (!node.ready && vm.poweredOn && !vm.deleting) steps.push({ type: 'MarkNodeReady', nodeName: node.name });
    kept.push({ ...node, ready: vm.poweredOn && !vm.deleting });
  }
  for (const vm of vms) {
    if (!vm.deleting && cluster.nodes[vm.name] === undefined && !isSurge(cluster, vm)) steps.push({ type: 'DeleteVm', vmName: vm.name });
  }
  const surges = vms.filter((vm) => isSurge(cluster, vm));
  for (const extra of surges.slice(1)) if (!extra.deleting) steps.push({ type: 'DeleteVm', vmName: extra.name });

  const version = cluster.spec.version;
  const request = (role: GuestClusterNodeRole, pool: string | null): GuestClusterStep => ({ type: 'RequestNode', node: { nodeName: newName(role, pool), role, pool, version } });
  const removeNewest = (group: Node[], count: number): GuestClusterStep[] =>
    group.slice(group.length - count).reverse().map((node) => ({ type: 'RemoveNode', nodeName: node.name }));

  const controlPlane = kept.filter((node) => node.role === 'ControlPlane');
  const wantedControlPlane = cluster.spec.controlPlane.replicas;
  if (controlPlane.length > wantedControlPlane) steps.push(...removeNewest(controlPlane, controlPlane.length - wantedControlPlane));
  else if (controlPlane.length < wantedControlPlane && controlPlane.every((node) => node.ready)) steps.push(request('ControlPlane', null));
  const controlPlaneReady = controlPlane.length === wantedControlPlane && controlPlane.every((node) => node.ready);

  const workers = kept.filter((node) => node.role === 'Worker');
  for (const pool of cluster.spec.nodePools) {
    const members = workers.filter((node) => node.pool === pool.name);
    if (members.length > pool.replicas) steps.push(...removeNewest(members, members.length - pool.replicas));
    else if (controlPlaneReady) for (let added = members.length; added < pool.replicas; added++) steps.push(request('Worker', pool.name));
  }

  if (steps.length > 0 || !cluster.upgrade) return steps;
  if (!kept.every((node) => node.ready) || !controlPlaneReady) return steps;
  return planUpgrade(cluster, kept, vms, newName);
};
