import type { Command } from '../shared/decider.ts';
import type { QuotaAmounts } from './events.ts';

export type CreateNamespace = Command<
  'CreateNamespace',
  { name: string; uid: string; labels?: Record<string, string>; annotations?: Record<string, string>; networkSegment: string }
>;
export type SetNamespaceQuota = Command<'SetNamespaceQuota', { name: string; hard: QuotaAmounts }>;
/** Admission: every workload object in the namespace holds a reservation, even without a quota. */
export type ReserveNamespaceQuota = Command<'ReserveNamespaceQuota', { name: string; objectRef: string; amounts: QuotaAmounts }>;
export type ReleaseNamespaceQuota = Command<'ReleaseNamespaceQuota', { name: string; objectRef: string }>;
export type AllocateNamespaceIp = Command<'AllocateNamespaceIp', { name: string; objectRef: string }>;
export type ReleaseNamespaceIp = Command<'ReleaseNamespaceIp', { name: string; objectRef: string }>;
export type AssignNamespaceStorageClasses = Command<'AssignNamespaceStorageClasses', { name: string; storageClasses: string[] }>;
export type AssignNamespaceVirtualMachineClasses = Command<'AssignNamespaceVirtualMachineClasses', { name: string; virtualMachineClasses: string[] }>;
export type AssignNamespaceVirtualMachineImages = Command<'AssignNamespaceVirtualMachineImages', { name: string; virtualMachineImages: string[] }>;
export type SwitchNamespaceEncryption = Command<'SwitchNamespaceEncryption', { name: string; enabled: boolean }>;
export type ChangeNamespaceMetadata = Command<'ChangeNamespaceMetadata', { name: string; labels: Record<string, string>; annotations: Record<string, string> }>;
export type TerminateNamespace = Command<'TerminateNamespace', { name: string }>;
/** Finalization: succeeds only once the namespace holds no objects. */
export type DeleteNamespace = Command<'DeleteNamespace', { name: string }>;

export type NamespaceCommand =
  | CreateNamespace
  | SetNamespaceQuota
  | ReserveNamespaceQuota
  | ReleaseNamespaceQuota
  | AllocateNamespaceIp
  | ReleaseNamespaceIp
  | AssignNamespaceStorageClasses
  | AssignNamespaceVirtualMachineClasses
  | AssignNamespaceVirtualMachineImages
  | SwitchNamespaceEncryption
  | ChangeNamespaceMetadata
  | TerminateNamespace
  | DeleteNamespace;
