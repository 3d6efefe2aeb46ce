import { virtualMachineAggregate } from '../../../../application/aggregates.ts';
import type { CommandContext } from '../../../../application/commands/command-handler.ts';
import type { Inventory, InventoryObject } from '../../../../application/inventory/inventory.ts';
import { namespacedId } from '../../../../application/streams.ts';
import type { CatalogItemLive } from '../../../../domain/catalog/index.ts';
import { invalid } from '../../../../domain/shared/errors.ts';
import { cpuToMillis, noResources, quantityToBytes, type Resources } from '../../../../domain/shared/resources.ts';
import { powerStates, type PowerState, type VirtualMachineCommand, type VirtualMachineLive } from '../../../../domain/virtualmachine/index.ts';
import type { WithoutMetadata } from '../../../../application/services/pacific.ts';
import type { KubeObject } from '../kube-object.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { objectMeta, specOf, stringList, stringMap } from './meta.ts';
import { haPendingAnnotation } from '../../../../application/controllers/ha.controller.ts';

/** Fields Pacific acts on; everything else in spec is kept as given. */
const managedFields = ['className', 'imageName', 'image', 'storageClass', 'powerState', 'volumes', 'currentSnapshotName'] as const;

interface VirtualMachineIntent {
  className: string;
  imageName: string;
  storageClass: string;
  powerState: PowerState;
  volumes: { name: string; claimName: string }[];
  /** Snapshots the Pacific way: naming a new snapshot takes it, naming an existing one reverts to it. */
  currentSnapshotName: string | undefined;
  givenSpec: Record<string, unknown>;
}

const intentOf = (body: KubeObject): VirtualMachineIntent => {
  const spec = specOf(body);
  const image = spec.image as { name?: unknown } | undefined;
  const imageName = typeof spec.imageName === 'string' ? spec.imageName : typeof image?.name === 'string' ? image.name : '';
  const powerState = (spec.powerState ?? 'PoweredOn') as PowerState;
  if (!powerStates.includes(powerState)) {
    throw invalid(`spec.powerState: Unsupported value: "${String(powerState)}": supported values: ${powerStates.map((p) => `"${p}"`).join(', ')}`, [
      { field: 'spec.powerState', message: `supported values: ${powerStates.join(', ')}` },
    ]);
  }
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []).map((volume: unknown, index) => {
    const v = (volume ?? {}) as { name?: unknown; persistentVolumeClaim?: { claimName?: unknown } };
    if (typeof v.name !== 'string' || typeof v.persistentVolumeClaim?.claimName !== 'string') {
      throw invalid(`spec.volumes[${index}]: a volume needs a name and persistentVolumeClaim.claimName`, [{ field: `spec.volumes[${index}]`, message: 'needs name and persistentVolumeClaim.claimName' }]);
    }
    return { name: v.name, claimName: v.persistentVolumeClaim.claimName };
  });
  const givenSpec = Object.fromEntries(Object.entries(spec).filter(([key]) => !(managedFields as readonly string[]).includes(key)));
  return {
    className: typeof spec.className === 'string' ? spec.className : '',
    imageName,
    storageClass: typeof spec.storageClass === 'string' ? spec.storageClass : '',
    powerState,
    volumes,
    currentSnapshotName: typeof spec.currentSnapshotName === 'string' && spec.currentSnapshotName !== '' ? spec.currentSnapshotName : undefined,
    givenSpec: { ...givenSpec, ...(spec.image !== undefined ? { image: spec.image } : {}) },
  };
};

/** A class's reservation: policies.resources.requests when given, else its hardware. */
export const classResources = (inventory: Inventory, namespace: string, className: string): Resources | undefined => {
  const found = inventory.get('VirtualMachineClass', namespace, className);
  if (!found) return undefined;
  const spec = (found.state as CatalogItemLive).spec as {
    hardware?: { cpus?: number; memory?: string };
    policies?: { resources?: { requests?: { cpu?: string; memory?: string } } };
  };
  const requests = spec.policies?.resources?.requests;
  try {
    return {
      cpuMillis: requests?.cpu !== undefined ? cpuToMillis(requests.cpu) : (spec.hardware?.cpus ?? 0) * 1000,
      memoryBytes: requests?.memory !== undefined ? quantityToBytes(requests.memory) : quantityToBytes(spec.hardware?.memory ?? 0),
    };
  } catch {
    return undefined;
  }
};

const condition = (type: string, ok: boolean, reason: string, message: string, since: string) => ({
  type,
  status: ok ? 'True' : 'False',
  ...(ok ? {} : { reason, message }),
  lastTransitionTime: since,
});

const render = (inventory: Inventory) => (object: InventoryObject, state: unknown): KubeObject => {
  const vm = state as VirtualMachineLive;
  const haPending = vm.annotations[haPendingAnnotation];
  const classFound = inventory.get('VirtualMachineClass', vm.namespace, vm.className) !== undefined;
  const imageFound = inventory.get('VirtualMachineImage', vm.namespace, vm.imageName) !== undefined || inventory.get('ClusterVirtualMachineImage', null, vm.imageName) !== undefined;
  const storageFound = inventory.get('StorageClass', null, vm.storageClass) !== undefined;
  const missingClaims = vm.volumes.filter((volume) => !inventory.get('PersistentVolumeClaim', vm.namespace, volume.claimName)).map((volume) => volume.claimName);
  const storageMessage = !storageFound ? `StorageClass "${vm.storageClass}" not found` : `PersistentVolumeClaim ${missingClaims.map((claim) => `"${claim}"`).join(', ')} not found in namespace ${vm.namespace}`;
  const { image, ...given } = vm.givenSpec as { image?: unknown };
  const spec: Record<string, unknown> = {
    ...given,
    className: vm.className,
    ...(image !== undefined ? { image } : { imageName: vm.imageName }),
    storageClass: vm.storageClass,
    powerState: vm.desiredPowerState,
  };
  if (vm.currentSnapshot) spec.currentSnapshotName = vm.currentSnapshot;
  if (vm.volumes.length > 0) spec.volumes = vm.volumes.map((volume) => ({ name: volume.name, persistentVolumeClaim: { claimName: volume.claimName } }));
  const status: Record<string, unknown> = {
    powerState: vm.powerState,
    uniqueID: `vm-${vm.uid.slice(0, 8)}`,
    instanceUUID: vm.uid,
    conditions: [
      condition('VirtualMachineClassReady', classFound, 'NotFound', `VirtualMachineClass "${vm.className}" not found in namespace ${vm.namespace}`, vm.createdAt),
      condition('VirtualMachineImageReady', imageFound, 'NotFound', `VirtualMachineImage "${vm.imageName}" not found`, vm.createdAt),
      condition('VirtualMachineStorageReady', storageFound && missingClaims.length === 0, 'NotFound', storageMessage, vm.createdAt),
      // Its host failed and no other had room: still recorded there, but not placed anywhere that runs.
      haPending !== undefined
        ? condition('PlacementReady', false, 'HostFailed', haPending, vm.createdAt)
        : condition('PlacementReady', vm.host !== null, 'Pending', 'waiting for placement', vm.createdAt),
      condition('VirtualMachineCreated', vm.host !== null, 'Pending', 'not created on a host yet', vm.createdAt),
    ],
  };
  if (vm.host) status.nodeName = vm.host;
  if (vm.ip && vm.powerState === 'PoweredOn') status.network = { primaryIP4: vm.ip };
  if (vm.encrypted) status.crypto = { encrypted: ['Config', 'Disks'], ...(vm.encryptionClassName ? { providerID: vm.encryptionClassName } : {}) };
  if (vm.currentSnapshot) status.currentSnapshot = { name: vm.currentSnapshot };
  return {
    apiVersion: 'vmoperator.vmware.com/v1alpha3',
    kind: 'VirtualMachine',
    metadata: objectMeta(object, vm),
    spec,
    status,
  };
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** VirtualMachines of the VM Service: class, image, storage class, power state, volumes. */
export const virtualMachineMapper = ({ pacific, vms }: ApiServices): KindMapper => ({
  apiKind: 'VirtualMachine',
  aggregateKind: 'VirtualMachine',
  render: render(pacific.inventory),
  rendersFromInventory: true,
  create: async (body, namespace, context) => {
    const intent = intentOf(body);
    await vms.create(
      {
        namespace: namespace!,
        name: body.metadata.name!,
        labels: stringMap(body.metadata.labels, 'metadata.labels'),
        annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
        className: intent.className,
        imageName: intent.imageName,
        storageClass: intent.storageClass,
        volumes: intent.volumes,
        powerState: intent.powerState,
        resources: classResources(pacific.inventory, namespace!, intent.className) ?? noResources,
        givenSpec: intent.givenSpec,
        finalizers: stringList(body.metadata.finalizers, 'metadata.finalizers'),
      },
      context,
    );
  },
  update: async (current, body, context: CommandContext) => {
    const vm = current.state as VirtualMachineLive;
    const intent = intentOf(body);
    const id = namespacedId(vm.namespace, vm.name);
    const ref = { namespace: vm.namespace, name: vm.name };
    const run = (command: WithoutMetadata<VirtualMachineCommand>) => pacific.execute(virtualMachineAggregate, id, command, context);
    const labels = stringMap(body.metadata.labels, 'metadata.labels');
    const annotations = stringMap(body.metadata.annotations, 'metadata.annotations');
    const finalizers = stringList(body.metadata.finalizers, 'metadata.finalizers');
    if (!sameJson([labels, annotations, finalizers], [vm.labels, vm.annotations, vm.finalizers])) {
      const after = await vms.updateMetadata({ ...ref, labels, annotations, finalizers }, context);
      // Its last finalizer removed, a VM marked for deletion is gone: nothing else to change.
      if (after.status === 'Deleted') return;
    }
    if (intent.imageName !== vm.imageName) throw invalid('spec.imageName: field is immutable', [{ field: 'spec.imageName', message: 'field is immutable' }]);
    if (intent.storageClass !== vm.storageClass) throw invalid('spec.storageClass: field is immutable', [{ field: 'spec.storageClass', message: 'field is immutable' }]);
    if (intent.className !== vm.className) {
      await vms.resize(vm.namespace, vm.name, intent.className, classResources(pacific.inventory, vm.namespace, intent.className) ?? noResources, context);
    }
    for (const volume of vm.volumes.filter((v) => !intent.volumes.some((w) => w.name === v.name))) {
      await run({ type: 'DetachVirtualMachineVolume', data: { ...ref, volumeName: volume.name } });
    }
    for (const volume of intent.volumes.filter((v) => !vm.volumes.some((w) => w.name === v.name))) {
      await run({ type: 'AttachVirtualMachineVolume', data: { ...ref, volumeName: volume.name, claimName: volume.claimName } });
    }
    if (intent.currentSnapshotName !== undefined && intent.currentSnapshotName !== vm.currentSnapshot) {
      if (intent.currentSnapshotName in vm.snapshots) await vms.revertSnapshot(vm.namespace, vm.name, intent.currentSnapshotName, context);
      else await vms.takeSnapshot(vm.namespace, vm.name, intent.currentSnapshotName, context);
    }
    if (intent.powerState !== vm.desiredPowerState) await run({ type: 'ChangeVirtualMachineDesiredPowerState', data: { ...ref, powerState: intent.powerState } });
    if (!sameJson(intent.givenSpec, vm.givenSpec)) await run({ type: 'ChangeVirtualMachineGivenSpec', data: { ...ref, givenSpec: intent.givenSpec } });
  },
  delete: async (current, context) => {
    await vms.delete(current.namespace!, current.name, context);
  },
});
