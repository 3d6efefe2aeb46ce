import type { Command } from '../shared/decider.ts';
import type { Resources } from '../shared/resources.ts';
import type { PowerOpMode, PowerState, VirtualMachineVolume } from './events.ts';

type Ref = { namespace: string; name: string };

export type CreateVirtualMachine = Command<
  'CreateVirtualMachine',
  Ref & {
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    className: string;
    imageName: string;
    storageClass: string;
    volumes?: VirtualMachineVolume[];
    powerState: PowerState;
    /** The class's requests, resolved by the application. */
    resources: Resources;
    encrypted?: boolean;
    givenSpec?: Record<string, unknown>;
    finalizers?: string[];
  }
>;
/**
 * Replaces labels, annotations and/or finalizers; what is omitted is kept as it is. Removing the
 * last finalizer of a VM marked for deletion deletes it.
 */
export type UpdateVirtualMachineMetadata = Command<
  'UpdateVirtualMachineMetadata',
  Ref & { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }
>;
/** spec.powerState; the actual transitions are the Power* / Suspend commands below. */
export type ChangeVirtualMachineGivenSpec = Command<'ChangeVirtualMachineGivenSpec', Ref & { givenSpec: Record<string, unknown> }>;
export type ChangeVirtualMachineDesiredPowerState = Command<'ChangeVirtualMachineDesiredPowerState', Ref & { powerState: PowerState }>;
export type PlaceVirtualMachine = Command<'PlaceVirtualMachine', Ref & { host: string }>;
export type PowerOnVirtualMachine = Command<'PowerOnVirtualMachine', Ref & { ip: string }>;
export type PowerOffVirtualMachine = Command<'PowerOffVirtualMachine', Ref & { mode: PowerOpMode }>;
export type SuspendVirtualMachine = Command<'SuspendVirtualMachine', Ref & { mode?: PowerOpMode }>;
export type ResizeVirtualMachine = Command<'ResizeVirtualMachine', Ref & { className: string; resources: Resources }>;
export type AttachVirtualMachineVolume = Command<'AttachVirtualMachineVolume', Ref & { volumeName: string; claimName: string }>;
export type DetachVirtualMachineVolume = Command<'DetachVirtualMachineVolume', Ref & { volumeName: string }>;
export type TakeVirtualMachineSnapshot = Command<'TakeVirtualMachineSnapshot', Ref & { snapshotName: string }>;
export type RevertVirtualMachineSnapshot = Command<'RevertVirtualMachineSnapshot', Ref & { snapshotName: string }>;
export type DeleteVirtualMachineSnapshot = Command<'DeleteVirtualMachineSnapshot', Ref & { snapshotName: string }>;
export type MigrateVirtualMachine = Command<'MigrateVirtualMachine', Ref & { toHost: string }>;
/** HA: the VM's host failed and the VM comes back on another one. */
export type RestartVirtualMachineElsewhere = Command<'RestartVirtualMachineElsewhere', Ref & { host: string; reason: string }>;
export type EncryptVirtualMachine = Command<'EncryptVirtualMachine', Ref & { encryptionClassName?: string }>;
export type DecryptVirtualMachine = Command<'DecryptVirtualMachine', Ref>;
export type RequestVirtualMachineDeletion = Command<'RequestVirtualMachineDeletion', Ref>;
/** Finalization, once the hypervisor has let go of the VM. */
export type DeleteVirtualMachine = Command<'DeleteVirtualMachine', Ref>;

export type VirtualMachineCommand =
  | ChangeVirtualMachineGivenSpec
  | CreateVirtualMachine
  | UpdateVirtualMachineMetadata
  | ChangeVirtualMachineDesiredPowerState
  | PlaceVirtualMachine
  | PowerOnVirtualMachine
  | PowerOffVirtualMachine
  | SuspendVirtualMachine
  | ResizeVirtualMachine
  | AttachVirtualMachineVolume
  | DetachVirtualMachineVolume
  | TakeVirtualMachineSnapshot
  | RevertVirtualMachineSnapshot
  | DeleteVirtualMachineSnapshot
  | MigrateVirtualMachine
  | RestartVirtualMachineElsewhere
  | EncryptVirtualMachine
  | DecryptVirtualMachine
  | RequestVirtualMachineDeletion
  | DeleteVirtualMachine;
