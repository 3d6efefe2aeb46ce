import type { Document } from '../../domain/catalog/index.ts';

/** One Tanzu Kubernetes release of the built-in catalog. */
export interface ReleaseSeed {
  /** Object name: semver with "+" spelled "---", e.g. v1.29.4---vmware.3-fips.1-tkg.1. */
  name: string;
  /** The Kubernetes version the release ships. */
  kubernetesVersion: string;
  /** Images (ClusterVirtualMachineImage names) its nodes can boot, the default first. */
  osImages: string[];
}

export const seededReleases: readonly ReleaseSeed[] = [
  { name: 'v1.28.8---vmware.1-fips.1-tkg.2', kubernetesVersion: 'v1.28.8+vmware.1-fips.1', osImages: ['photon-5', 'ubuntu-22.04'] },
  { name: 'v1.29.4---vmware.3-fips.1-tkg.1', kubernetesVersion: 'v1.29.4+vmware.3-fips.1', osImages: ['photon-5', 'ubuntu-22.04'] },
  { name: 'v1.30.1---vmware.1-fips-tkg.5', kubernetesVersion: 'v1.30.1+vmware.1-fips', osImages: ['photon-5', 'ubuntu-22.04'] },
  { name: 'v1.31.1---vmware.2-fips-tkg.2', kubernetesVersion: 'v1.31.1+vmware.2-fips', osImages: ['photon-5', 'ubuntu-24.04'] },
];

export const releaseSpec = (release: ReleaseSeed): Document => ({
  version: release.name.replace('---', '+'),
  kubernetes: { version: release.kubernetesVersion, imageRepository: 'localhost:5000/vmware.io' },
  osImages: release.osImages.map((name) => ({ name })),
});

export const releaseStatus = (now: string): Document => ({
  conditions: [
    { type: 'Ready', status: 'True', reason: 'True', message: '', lastTransitionTime: now },
    { type: 'Compatible', status: 'True', reason: 'True', message: '', lastTransitionTime: now },
  ],
});
