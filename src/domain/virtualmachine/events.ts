import type { Event } from '../shared/decider.ts';
import type { Resources } from '../shared/resources.ts';

export type PowerState = 'PoweredOn' | 'PoweredOff' | 'Suspended';
export const powerStates: readonly PowerState[] = ['PoweredOn', 'PoweredOff', 'Suspended'];

/** vm-operator's powerOffMode / suspendMode / restartMode. */
export type PowerOpMode = 'Hard' | 'Soft' | 'TrySoft';
export const powerOpModes: readonly PowerOpMode[] = ['Hard', 'Soft', 'TrySoft'];

/** spec.volumes[]: a PersistentVolumeClaim mounted under a name unique within the VM. */
export interface VirtualMachineVolume {
  name: string;
  claimName: string;
}

type Ref = { namespace: string; name: string };

export type VirtualMachineCreated = Event<
  'VirtualMachineCreated',
  Ref & {
    uid: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    className: string;
    imageName: string;
    storageClass: string;
    volumes: VirtualMachineVolume[];
    powerState: PowerState;
    resources: Resources;
    encrypted: boolean;
    /** The spec as the user wrote it; fields Pacific does not act on round-trip unchanged. */
    givenSpec: Record<string, unknown>;
    /** Present only when the VM was created with finalizers. */
    finalizers?: string[];
    createdAt: string;
  }
>;
/** `finalizers` is absent from events written before VMs kept finalizers: they left them unchanged. */
export type VirtualMachineMetadataChanged = Event<
  'VirtualMachineMetadataChanged',
  Ref & { labels: Record<string, string>; annotations: Record<string, string>; finalizers?: string[] }
>;
/** A change of spec fields Pacific keeps as given (bootstrap, network, ...); generation moves on. */
export type VirtualMachineGivenSpecChanged = Event<'VirtualMachineGivenSpecChanged', Ref & { givenSpec: Record<string, unknown> }>;
export type VirtualMachineDesiredPowerStateChanged = Event<'VirtualMachineDesiredPowerStateChanged', Ref & { powerState: PowerState }>;
export type VirtualMachinePlaced = Event<'VirtualMachinePlaced', Ref & { host: string }>;
export type VirtualMachinePoweredOn = Event<'VirtualMachinePoweredOn', Ref & { ip: string; host: string }>;
export type VirtualMachinePoweredOff = Event<'VirtualMachinePoweredOff', Ref & { mode: PowerOpMode; host: string }>;
export type VirtualMachineSuspended = Event<'VirtualMachineSuspended', Ref & { mode: PowerOpMode; host: string }>;
export type VirtualMachineResized = Event<'VirtualMachineResized', Ref & { fromClass: string; toClass: string; resources: Resources }>;
export type VirtualMachineVolumeAttached = Event<'VirtualMachineVolumeAttached', Ref & { volumeName: string; claimName: string }>;
export type VirtualMachineVolumeDetached = Event<'VirtualMachineVolumeDetached', Ref & { volumeName: string; claimName: string }>;
export type VirtualMachineSnapshotTaken = Event<
  'VirtualMachineSnapshotTaken',
  Ref & { snapshotName: string; powerState: PowerState; className: string; resources: Resources; takenAt: string }
>;
/** Carries what the snapshot restores, so readers need not remember the snapshot. */
export type VirtualMachineSnapshotReverted = Event<
  'VirtualMachineSnapshotReverted',
  Ref & { snapshotName: string; powerState: PowerState; className: string; resources: Resources }
>;
export type VirtualMachineSnapshotDeleted = Event<'VirtualMachineSnapshotDeleted', Ref & { snapshotName: string }>;
export type VirtualMachineMigrated = Event<'VirtualMachineMigrated', Ref & { fromHost: string; toHost: string }>;
export type VirtualMachineRestartedElsewhere = Event<
  'VirtualMachineRestartedElsewhere',
  Ref & { fromHost: string; toHost: string; reason: string }
>;
export type VirtualMachineEncrypted = Event<'VirtualMachineEncrypted', Ref & { encryptionClassName: string | null }>;
export type VirtualMachineDecrypted = Event<'VirtualMachineDecrypted', Ref>;
export type VirtualMachineDeletionRequested = Event<'VirtualMachineDeletionRequested', Ref & { deletionTimestamp: string }>;
export type VirtualMachineDeleted = Event<'VirtualMachineDeleted', Ref & { host: string | null; deletedAt: string }>;

export type VirtualMachineEvent =
  | VirtualMachineCreated
  | VirtualMachineMetadataChanged
  | VirtualMachineGivenSpecChanged
  | VirtualMachineDesiredPowerStateChanged
  | VirtualMachinePlaced
  | VirtualMachinePoweredOn
  | VirtualMachinePoweredOff
  | VirtualMachineSuspended
  | VirtualMachineResized
  | VirtualMachineVolumeAttached
  | VirtualMachineVolumeDetached
  | VirtualMachineSnapshotTaken
  | VirtualMachineSnapshotReverted
  | VirtualMachineSnapshotDeleted
  | VirtualMachineMigrated
  | VirtualMachineRestartedElsewhere
  | VirtualMachineEncrypted
  | VirtualMachineDecrypted
  | VirtualMachineDeletionRequested
  | VirtualMachineDeleted;
