import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, notFound } from '../shared/errors.ts';
import { ipToNumber } from '../shared/ipv4.ts';
import { assertDnsSubdomain } from '../shared/names.ts';
import type { Resources } from '../shared/resources.ts';
import type { VirtualMachineCommand } from './commands.ts';
import type { PowerState, VirtualMachineEvent, VirtualMachineVolume } from './events.ts';
import {
  assertPowerOpMode,
  assertPowerState,
  assertRequired,
  assertValidCreate,
  assertValidResize,
  assertValidVolume,
} from './virtualmachine.validation.ts';
import { assertNoFinalizerAdded, finalizersOf, sameList, sameRecord } from '../shared/records.ts';

export interface VirtualMachineSnapshot {
  powerState: PowerState;
  className: string;
  resources: Resources;
  takenAt: string;
}

interface VirtualMachineLiveBase {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  className: string;
  imageName: string;
  storageClass: string;
  resources: Resources;
  volumes: VirtualMachineVolume[];
  /** spec.powerState: what the user asked for. */
  desiredPowerState: PowerState;
  /** status.powerState: what the hypervisor reports. Always PoweredOff until placed. */
  powerState: PowerState;
  /** Kept across power-offs: the namespace allocates the address per VM, not per boot. */
  ip: string | null;
  encrypted: boolean;
  encryptionClassName: string | null;
  snapshots: Record<string, VirtualMachineSnapshot>;
  currentSnapshot: string | null;
  deletionTimestamp: string | null;
  /** Keys of whoever must finish before the VM may go (Kubernetes metadata.finalizers). */
  finalizers: string[];
  givenSpec: Record<string, unknown>;
  /** Moves on every change of the desired state (Kubernetes metadata.generation). */
  generation: number;
}

export interface VirtualMachineAbsent {
  status: 'Absent';
}
/** Not yet on a host. */
export interface VirtualMachinePending extends VirtualMachineLiveBase {
  status: 'Pending';
  host: null;
}
export interface VirtualMachinePlacedState extends VirtualMachineLiveBase {
  status: 'Placed';
  host: string;
}
export interface VirtualMachineGone {
  status: 'Deleted';
  namespace: string;
  name: string;
  uid: string;
  deletedAt: string;
}

export type VirtualMachineLive = VirtualMachinePending | VirtualMachinePlacedState;
export type VirtualMachineState = VirtualMachineAbsent | VirtualMachineLive | VirtualMachineGone;

export const virtualMachineInitialState = (): VirtualMachineState => ({ status: 'Absent' });

const isLive = (state: VirtualMachineState): state is VirtualMachineLive => state.status === 'Pending' || state.status === 'Placed';

const withoutKey = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

export const virtualMachineEvolve = (state: VirtualMachineState, event: VirtualMachineEvent): VirtualMachineState => {
  if (event.type === 'VirtualMachineCreated') {
    const { createdAt, powerState, encrypted, finalizers, ...spec } = event.data;
    return {
      ...spec,
      finalizers: finalizers ?? [],
      status: 'Pending',
      host: null,
      createdAt,
      desiredPowerState: powerState,
      powerState: 'PoweredOff',
      ip: null,
      encrypted,
      encryptionClassName: null,
      snapshots: {},
      currentSnapshot: null,
      deletionTimestamp: null,
      generation: 1,
    };
  }
  if (!isLive(state)) return state;
  switch (event.type) {
    case 'VirtualMachineMetadataChanged':
      return { ...state, labels: event.data.labels, annotations: event.data.annotations, finalizers: event.data.finalizers ?? state.finalizers };
    case 'VirtualMachineGivenSpecChanged':
      return { ...state, givenSpec: event.data.givenSpec, generation: state.generation + 1 };
    case 'VirtualMachineDesiredPowerStateChanged':
      return { ...state, desiredPowerState: event.data.powerState };
    case 'VirtualMachinePlaced':
      return { ...state, status: 'Placed', host: event.data.host };
    case 'VirtualMachinePoweredOn':
      return { ...state, powerState: 'PoweredOn', ip: event.data.ip };
    case 'VirtualMachinePoweredOff':
      return { ...state, powerState: 'PoweredOff' };
    case 'VirtualMachineSuspended':
      return { ...state, powerState: 'Suspended' };
    case 'VirtualMachineResized':
      return { ...state, className: event.data.toClass, resources: event.data.resources };
    case 'VirtualMachineVolumeAttached':
      return { ...state, volumes: [...state.volumes, { name: event.data.volumeName, claimName: event.data.claimName }] };
    case 'VirtualMachineVolumeDetached':
      return { ...state, volumes: state.volumes.filter((volume) => volume.name !== event.data.volumeName) };
    case 'VirtualMachineSnapshotTaken': {
      const { snapshotName, powerState, className, resources, takenAt } = event.data;
      return { ...state, snapshots: { ...state.snapshots, [snapshotName]: { powerState, className, resources, takenAt } }, currentSnapshot: snapshotName };
    }
    case 'VirtualMachineSnapshotReverted': {
      const { snapshotName, powerState, className, resources } = event.data;
      // The spec follows the snapshot too, or the reconciler would undo the revert at once.
      return { ...state, powerState, desiredPowerState: powerState, className, resources, currentSnapshot: snapshotName };
    }
    case 'VirtualMachineSnapshotDeleted':
      return {
        ...state,
        snapshots: withoutKey(state.snapshots, event.data.snapshotName),
        currentSnapshot: state.currentSnapshot === event.data.snapshotName ? null : state.currentSnapshot,
      };
    case 'VirtualMachineMigrated':
      return { ...state, status: 'Placed', host: event.data.toHost };
    case 'VirtualMachineRestartedElsewhere':
      return { ...state, status: 'Placed', host: event.data.toHost };
    case 'VirtualMachineEncrypted':
      return { ...state, encrypted: true, encryptionClassName: event.data.encryptionClassName };
    case 'VirtualMachineDecrypted':
      return { ...state, encrypted: false, encryptionClassName: null };
    case 'VirtualMachineDeletionRequested':
      return { ...state, deletionTimestamp: event.data.deletionTimestamp };
    case 'VirtualMachineDeleted':
      return { status: 'Deleted', namespace: state.namespace, name: state.name, uid: state.uid, deletedAt: event.data.deletedAt };
    default:
      return assertNever(event);
  }
};

const requireLive = (state: VirtualMachineState, name: string): VirtualMachineLive => {
  if (isLive(state)) return state;
  throw notFound(`virtualmachines "${name}"`);
};

/** A VM being deleted may still be powered off, moved or stripped, but gains nothing new. */
const requireNotDeleting = (state: VirtualMachineState, name: string): VirtualMachineLive => {
  const live = requireLive(state, name);
  if (live.deletionTimestamp !== null) throw conflict(`virtualmachine ${live.namespace}/${name} is being deleted`);
  return live;
};

const requirePlaced = (live: VirtualMachineLive, action: string): VirtualMachinePlacedState => {
  if (live.status === 'Placed') return live;
  throw conflict(`cannot ${action} virtualmachine ${live.namespace}/${live.name}: it is not placed on a host yet`);
};

export const virtualMachineDecide = (command: VirtualMachineCommand, state: VirtualMachineState): VirtualMachineEvent[] => {
  const { namespace, name } = command.data;
  const ref = { namespace, name };
  switch (command.type) {
    case 'CreateVirtualMachine': {
      if (isLive(state)) throw alreadyExists(`virtualmachines "${name}"`);
      assertValidCreate(command);
      const { uid, labels, annotations, className, imageName, storageClass, volumes, powerState, resources, encrypted } = command.data;
      return [
        {
          type: 'VirtualMachineCreated',
          data: {
            ...ref,
            uid,
            labels: labels ?? {},
            annotations: annotations ?? {},
            className,
            imageName,
            storageClass,
            volumes: (volumes ?? []).map((volume) => ({ name: volume.name, claimName: volume.claimName })),
            powerState,
            resources: { cpuMillis: resources.cpuMillis, memoryBytes: resources.memoryBytes },
            encrypted: encrypted ?? false,
            givenSpec: command.data.givenSpec ?? {},
            ...(command.data.finalizers && command.data.finalizers.length > 0 ? { finalizers: finalizersOf(command.data.finalizers) } : {}),
            createdAt: command.metadata.now,
          },
        },
      ];
    }
    case 'UpdateVirtualMachineMetadata': {
      const live = requireLive(state, name);
      const labels = command.data.labels ?? live.labels;
      const annotations = command.data.annotations ?? live.annotations;
      const finalizers = command.data.finalizers ? finalizersOf(command.data.finalizers) : live.finalizers;
      if (sameRecord(labels, live.labels) && sameRecord(annotations, live.annotations) && sameList(finalizers, live.finalizers)) return [];
      assertNoFinalizerAdded(live.deletionTimestamp, live.finalizers, finalizers);
      const changed: VirtualMachineEvent = { type: 'VirtualMachineMetadataChanged', data: { ...ref, labels, annotations, finalizers } };
      // The last finalizer of a VM whose deletion they held: the deletion completes.
      if (live.deletionTimestamp !== null && finalizers.length === 0 && live.finalizers.length > 0) {
        return [changed, { type: 'VirtualMachineDeleted', data: { ...ref, host: live.host, deletedAt: command.metadata.now } }];
      }
      return [changed];
    }
    case 'ChangeVirtualMachineGivenSpec': {
      const live = requireNotDeleting(state, name);
      if (JSON.stringify(live.givenSpec) === JSON.stringify(command.data.givenSpec)) return [];
      return [{ type: 'VirtualMachineGivenSpecChanged', data: { ...ref, givenSpec: command.data.givenSpec } }];
    }
    case 'ChangeVirtualMachineDesiredPowerState': {
      const live = requireNotDeleting(state, name);
      assertPowerState(name, command.data.powerState);
      if (live.desiredPowerState === command.data.powerState) return [];
      return [{ type: 'VirtualMachineDesiredPowerStateChanged', data: { ...ref, powerState: command.data.powerState } }];
    }
    case 'PlaceVirtualMachine': {
      const live = requireNotDeleting(state, name);
      const { host } = command.data;
      assertDnsSubdomain(host, 'host');
      if (live.status === 'Placed') {
        if (live.host === host) return [];
        throw conflict(`virtualmachine ${namespace}/${name} is already placed on host ${live.host}; migrate it instead`);
      }
      return [{ type: 'VirtualMachinePlaced', data: { ...ref, host } }];
    }
    case 'PowerOnVirtualMachine': {
      const placed = requirePlaced(requireNotDeleting(state, name), 'power on');
      const { ip } = command.data;
      ipToNumber(ip);
      if (placed.powerState === 'PoweredOn') {
        if (placed.ip === ip) return [];
        throw conflict(`virtualmachine ${namespace}/${name} is already powered on with address ${String(placed.ip)}`);
      }
      return [{ type: 'VirtualMachinePoweredOn', data: { ...ref, ip, host: placed.host } }];
    }
    case 'PowerOffVirtualMachine': {
      const live = requireLive(state, name);
      assertPowerOpMode(name, command.data.mode, 'spec.powerOffMode');
      if (live.powerState === 'PoweredOff') return [];
      return [{ type: 'VirtualMachinePoweredOff', data: { ...ref, mode: command.data.mode, host: requirePlaced(live, 'power off').host } }];
    }
    case 'SuspendVirtualMachine': {
      const live = requireLive(state, name);
      const mode = command.data.mode ?? 'Hard';
      assertPowerOpMode(name, mode, 'spec.suspendMode');
      if (live.powerState === 'Suspended') return [];
      if (live.powerState !== 'PoweredOn') throw conflict(`cannot suspend virtualmachine ${namespace}/${name}: it is ${live.powerState}, not PoweredOn`);
      return [{ type: 'VirtualMachineSuspended', data: { ...ref, mode, host: requirePlaced(live, 'suspend').host } }];
    }
    case 'ResizeVirtualMachine': {
      const live = requireNotDeleting(state, name);
      const { className, resources } = command.data;
      assertValidResize(name, className, resources);
      const sameResources = live.resources.cpuMillis === resources.cpuMillis && live.resources.memoryBytes === resources.memoryBytes;
      if (live.className === className && sameResources) return [];
      return [{ type: 'VirtualMachineResized', data: { ...ref, fromClass: live.className, toClass: className, resources: { cpuMillis: resources.cpuMillis, memoryBytes: resources.memoryBytes } } }];
    }
    case 'AttachVirtualMachineVolume': {
      const live = requireNotDeleting(state, name);
      const { volumeName, claimName } = command.data;
      assertValidVolume(name, volumeName, claimName);
      const existing = live.volumes.find((volume) => volume.name === volumeName);
      if (existing?.claimName === claimName) return [];
      if (existing) throw alreadyExists(`volume "${volumeName}" of virtualmachine ${namespace}/${name}`);
      const holder = live.volumes.find((volume) => volume.claimName === claimName);
      if (holder) throw conflict(`persistentvolumeclaim ${claimName} is already attached to virtualmachine ${namespace}/${name} as volume ${holder.name}`);
      return [{ type: 'VirtualMachineVolumeAttached', data: { ...ref, volumeName, claimName } }];
    }
    case 'DetachVirtualMachineVolume': {
      const live = requireLive(state, name);
      const existing = live.volumes.find((volume) => volume.name === command.data.volumeName);
      if (!existing) return [];
      return [{ type: 'VirtualMachineVolumeDetached', data: { ...ref, volumeName: existing.name, claimName: existing.claimName } }];
    }
    case 'TakeVirtualMachineSnapshot': {
      const placed = requirePlaced(requireNotDeleting(state, name), 'snapshot');
      const { snapshotName } = command.data;
      assertDnsSubdomain(snapshotName, 'snapshotName');
      if (snapshotName in placed.snapshots) throw alreadyExists(`virtualmachinesnapshots "${snapshotName}"`);
      const { powerState, className, resources } = placed;
      return [{ type: 'VirtualMachineSnapshotTaken', data: { ...ref, snapshotName, powerState, className, resources, takenAt: command.metadata.now } }];
    }
    case 'RevertVirtualMachineSnapshot': {
      const live = requireNotDeleting(state, name);
      const snapshot = live.snapshots[command.data.snapshotName];
      if (!snapshot) throw notFound(`virtualmachinesnapshots "${command.data.snapshotName}"`);
      const { powerState, className, resources } = snapshot;
      // Not idempotent: a revert throws away whatever the disks gained since the snapshot.
      return [{ type: 'VirtualMachineSnapshotReverted', data: { ...ref, snapshotName: command.data.snapshotName, powerState, className, resources } }];
    }
    case 'DeleteVirtualMachineSnapshot': {
      const live = requireLive(state, name);
      if (!(command.data.snapshotName in live.snapshots)) throw notFound(`virtualmachinesnapshots "${command.data.snapshotName}"`);
      return [{ type: 'VirtualMachineSnapshotDeleted', data: { ...ref, snapshotName: command.data.snapshotName } }];
    }
    case 'MigrateVirtualMachine': {
      const placed = requirePlaced(requireLive(state, name), 'migrate');
      const { toHost } = command.data;
      assertDnsSubdomain(toHost, 'toHost');
      if (toHost === placed.host) throw conflict(`virtualmachine ${namespace}/${name} already runs on host ${toHost}`);
      return [{ type: 'VirtualMachineMigrated', data: { ...ref, fromHost: placed.host, toHost } }];
    }
    case 'RestartVirtualMachineElsewhere': {
      const placed = requirePlaced(requireLive(state, name), 'restart elsewhere');
      const { host, reason } = command.data;
      assertDnsSubdomain(host, 'host');
      assertRequired(name, reason, 'reason');
      if (host === placed.host) throw conflict(`virtualmachine ${namespace}/${name} must restart on a host other than ${host}`);
      return [{ type: 'VirtualMachineRestartedElsewhere', data: { ...ref, fromHost: placed.host, toHost: host, reason } }];
    }
    case 'EncryptVirtualMachine': {
      const live = requireNotDeleting(state, name);
      const encryptionClassName = command.data.encryptionClassName ?? null;
      if (live.encrypted && live.encryptionClassName === encryptionClassName) return [];
      return [{ type: 'VirtualMachineEncrypted', data: { ...ref, encryptionClassName } }];
    }
    case 'DecryptVirtualMachine': {
      const live = requireNotDeleting(state, name);
      if (!live.encrypted) return [];
      return [{ type: 'VirtualMachineDecrypted', data: ref }];
    }
    case 'RequestVirtualMachineDeletion': {
      const live = requireLive(state, name);
      if (live.deletionTimestamp !== null) return [];
      return [{ type: 'VirtualMachineDeletionRequested', data: { ...ref, deletionTimestamp: command.metadata.now } }];
    }
    case 'DeleteVirtualMachine': {
      const live = requireLive(state, name);
      if (live.deletionTimestamp === null) throw conflict(`virtualmachine ${namespace}/${name} must be marked for deletion before it is deleted`);
      // Finalizers hold it: it stays marked until the last one is removed.
      if (live.finalizers.length > 0) return [];
      return [{ type: 'VirtualMachineDeleted', data: { ...ref, host: live.host, deletedAt: command.metadata.now } }];
    }
    default:
      return assertNever(command);
  }
};

export const virtualMachineDecider: Decider<VirtualMachineState, VirtualMachineCommand, VirtualMachineEvent> = {
  initialState: virtualMachineInitialState,
  evolve: virtualMachineEvolve,
  decide: virtualMachineDecide,
};
