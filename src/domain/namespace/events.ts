import type { Event } from '../shared/decider.ts';

/** What a namespace's quota can limit. CPU in millicores, memory and storage in bytes, the rest counts. */
export type QuotaResource =
  | 'requests.cpu'
  | 'requests.memory'
  | 'limits.cpu'
  | 'limits.memory'
  | 'requests.storage'
  | 'pods'
  | 'virtualmachines'
  | 'persistentvolumeclaims';

export const quotaResources: readonly QuotaResource[] = [
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'requests.storage',
  'pods',
  'virtualmachines',
  'persistentvolumeclaims',
];

export type QuotaAmounts = Partial<Record<QuotaResource, number>>;

export type NamespaceCreated = Event<
  'NamespaceCreated',
  { name: string; uid: string; labels: Record<string, string>; annotations: Record<string, string>; networkSegment: string; createdAt: string }
>;
export type NamespaceQuotaSet = Event<'NamespaceQuotaSet', { name: string; hard: QuotaAmounts }>;
export type NamespaceQuotaReserved = Event<'NamespaceQuotaReserved', { name: string; objectRef: string; amounts: QuotaAmounts }>;
export type NamespaceQuotaReleased = Event<'NamespaceQuotaReleased', { name: string; objectRef: string }>;
export type NamespaceIpAllocated = Event<'NamespaceIpAllocated', { name: string; objectRef: string; ip: string }>;
export type NamespaceIpReleased = Event<'NamespaceIpReleased', { name: string; objectRef: string; ip: string }>;
export type NamespaceStorageClassesAssigned = Event<'NamespaceStorageClassesAssigned', { name: string; storageClasses: string[] }>;
export type NamespaceVirtualMachineClassesAssigned = Event<'NamespaceVirtualMachineClassesAssigned', { name: string; virtualMachineClasses: string[] }>;
export type NamespaceVirtualMachineImagesAssigned = Event<'NamespaceVirtualMachineImagesAssigned', { name: string; virtualMachineImages: string[] }>;
export type NamespaceEncryptionSwitched = Event<'NamespaceEncryptionSwitched', { name: string; enabled: boolean }>;
export type NamespaceMetadataChanged = Event<'NamespaceMetadataChanged', { name: string; labels: Record<string, string>; annotations: Record<string, string> }>;
export type NamespaceTerminating = Event<'NamespaceTerminating', { name: string; deletionTimestamp: string }>;
export type NamespaceDeleted = Event<'NamespaceDeleted', { name: string; deletedAt: string }>;

export type NamespaceEvent =
  | NamespaceCreated
  | NamespaceQuotaSet
  | NamespaceQuotaReserved
  | NamespaceQuotaReleased
  | NamespaceIpAllocated
  | NamespaceIpReleased
  | NamespaceStorageClassesAssigned
  | NamespaceVirtualMachineClassesAssigned
  | NamespaceVirtualMachineImagesAssigned
  | NamespaceEncryptionSwitched
  | NamespaceMetadataChanged
  | NamespaceTerminating
  | NamespaceDeleted;
