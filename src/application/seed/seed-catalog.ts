import { imageSpec, imageStatus, seededImages } from './images.ts';
import { releaseSpec, releaseStatus, seededReleases } from './releases.ts';
import { seedItem, type SeedServices } from './seed-item.ts';

/**
 * The cluster-wide part of the built-in catalog: content library images
 * (ClusterVirtualMachineImages) and Tanzu Kubernetes releases. Run at every start; it only
 * creates what was never there, so a restart changes nothing. Returns what it created.
 */
export const seedCatalog = async (services: SeedServices): Promise<string[]> => {
  const created: string[] = [];
  const now = services.pacific.clock.now();
  for (const image of seededImages) {
    const input = { namespace: null, name: image.name, spec: imageSpec(image), status: imageStatus(image, now) };
    if (await seedItem(services, 'ClusterVirtualMachineImage', input)) created.push(`ClusterVirtualMachineImage/${image.name}`);
  }
  for (const release of seededReleases) {
    const input = { namespace: null, name: release.name, spec: releaseSpec(release), status: releaseStatus(now) };
    if (await seedItem(services, 'TanzuKubernetesRelease', input)) created.push(`TanzuKubernetesRelease/${release.name}`);
  }
  return created;
};
