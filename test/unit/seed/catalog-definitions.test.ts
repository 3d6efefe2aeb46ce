import { describe, expect, it } from 'vitest';
import { classSpec, imageStatus, releaseSpec, releaseStatus, seededClasses, seededImages, seededReleases } from '../../../src/application/seed/index.ts';
import { parseReleaseVersion, upgradeRefusal } from '../../../src/domain/guestcluster/index.ts';

describe('the seeded catalog', () => {
  it('has guaranteed classes reserving all their hardware and best-effort classes reserving nothing', () => {
    expect(seededClasses.map((c) => c.name)).toEqual(expect.arrayContaining(['best-effort-small', 'guaranteed-medium', 'best-effort-xsmall', 'guaranteed-xlarge']));
    expect(seededClasses).toHaveLength(10);
    for (const seed of seededClasses) {
      const spec = classSpec(seed) as { hardware: { cpus: number; memory: string }; policies?: { resources: { requests: unknown; limits: unknown } } };
      expect(spec.hardware).toEqual({ cpus: seed.cpus, memory: seed.memory });
      if (seed.guaranteed) {
        const hardware = { cpu: String(seed.cpus), memory: seed.memory };
        expect(spec.policies!.resources).toEqual({ requests: hardware, limits: hardware });
      } else expect(spec.policies).toBeUndefined();
    }
    expect(classSpec(seededClasses.find((c) => c.name === 'best-effort-small')!)).toMatchObject({ hardware: { cpus: 2, memory: '4Gi' } });
  });

  it('has the images the example manifests use, each with a complete status', () => {
    expect(seededImages.map((i) => i.name)).toEqual(expect.arrayContaining(['ubuntu-22.04', 'ubuntu-24.04', 'photon-5']));
    for (const image of seededImages) {
      expect(imageStatus(image, '2026-11-25T09:00:00.000Z')).toEqual({
        name: expect.any(String),
        type: 'OVF',
        osInfo: { id: expect.any(String), type: expect.any(String), version: expect.any(String) },
        productInfo: expect.objectContaining({ version: expect.any(String) }),
        firmware: expect.stringMatching(/^(efi|bios)$/),
        disks: [{ capacity: expect.any(String), size: expect.any(String) }],
        conditions: [expect.objectContaining({ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-25T09:00:00.000Z' })],
      });
    }
  });

  it('has one release per minor from v1.28 to v1.31, each an allowed upgrade from the one before, booting seeded images', () => {
    const versions = seededReleases.map((r) => parseReleaseVersion(r.name));
    expect(versions.map((v) => `${v.major}.${v.minor}`)).toEqual(['1.28', '1.29', '1.30', '1.31']);
    versions.slice(1).forEach((to, index) => expect(upgradeRefusal(versions[index]!, to)).toBeNull());
    const imageNames = seededImages.map((i) => i.name);
    for (const release of seededReleases) {
      const spec = releaseSpec(release) as { version: string; kubernetes: { version: string }; osImages: { name: string }[] };
      expect(spec.version).toBe(release.name.replace('---', '+'));
      expect(spec.version.startsWith(spec.kubernetes.version)).toBe(true);
      expect(spec.osImages.every((image) => imageNames.includes(image.name))).toBe(true);
    }
    expect(seededReleases.map((r) => r.name)).toContain('v1.29.4---vmware.3-fips.1-tkg.1');
    expect((releaseStatus('t').conditions as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=True', 'Compatible=True']);
  });
});
