import type { Document } from '../../domain/catalog/index.ts';

/** One image of the built-in content library. */
export interface ImageSeed {
  name: string;
  /** status.name: the content library item's display name. */
  displayName: string;
  osInfo: { id: string; type: string; version: string };
  productInfo: { product: string; vendor: string; version: string };
  firmware: 'efi' | 'bios';
  disk: { capacity: string; size: string };
}

export const seededImages: readonly ImageSeed[] = [
  {
    name: 'ubuntu-22.04',
    displayName: 'ubuntu-22.04-server-cloudimg-amd64',
    osInfo: { id: 'ubuntu64Guest', type: 'Linux', version: '22.04' },
    productInfo: { product: 'Ubuntu Server', vendor: 'Canonical', version: '22.04.5' },
    firmware: 'efi',
    disk: { capacity: '10Gi', size: '2Gi' },
  },
  {
    name: 'ubuntu-24.04',
    displayName: 'ubuntu-24.04-server-cloudimg-amd64',
    osInfo: { id: 'ubuntu64Guest', type: 'Linux', version: '24.04' },
    productInfo: { product: 'Ubuntu Server', vendor: 'Canonical', version: '24.04.1' },
    firmware: 'efi',
    disk: { capacity: '10Gi', size: '2Gi' },
  },
  {
    name: 'photon-5',
    displayName: 'photon-5-amd64',
    osInfo: { id: 'vmwarePhoton64Guest', type: 'Linux', version: '5.0' },
    productInfo: { product: 'Photon OS', vendor: 'VMware', version: '5.0' },
    firmware: 'efi',
    disk: { capacity: '20Gi', size: '1Gi' },
  },
  {
    name: 'centos-stream-9',
    displayName: 'centos-stream-9-genericcloud-x86_64',
    osInfo: { id: 'centos9_64Guest', type: 'Linux', version: '9' },
    productInfo: { product: 'CentOS Stream', vendor: 'CentOS Project', version: '9' },
    firmware: 'efi',
    disk: { capacity: '10Gi', size: '2Gi' },
  },
  {
    name: 'windows-server-2022',
    displayName: 'windows-server-2022-datacenter',
    osInfo: { id: 'windows2019srvNext_64Guest', type: 'Windows', version: '2022' },
    productInfo: { product: 'Windows Server 2022 Datacenter', vendor: 'Microsoft', version: '10.0.20348' },
    firmware: 'efi',
    disk: { capacity: '40Gi', size: '12Gi' },
  },
];

export const imageSpec = (image: ImageSeed): Document => ({
  providerRef: { apiVersion: 'imageregistry.vmware.com/v1alpha1', kind: 'ClusterContentLibraryItem', name: `clitem-${image.name}` },
});

/** What vm-operator reports for a synced content library item; `now` stamps the Ready condition. */
export const imageStatus = (image: ImageSeed, now: string): Document => ({
  name: image.displayName,
  type: 'OVF',
  osInfo: { ...image.osInfo },
  productInfo: { ...image.productInfo },
  firmware: image.firmware,
  disks: [{ capacity: image.disk.capacity, size: image.disk.size }],
  conditions: [{ type: 'Ready', status: 'True', reason: 'True', message: '', lastTransitionTime: now }],
});
