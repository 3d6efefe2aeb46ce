import type { Document } from '../../domain/catalog/index.ts';

/** One VirtualMachineClass of the built-in catalog (vSphere's default sizes). */
export interface ClassSeed {
  name: string;
  cpus: number;
  memory: string;
  /** Guaranteed classes reserve all their hardware; best-effort classes reserve nothing. */
  guaranteed: boolean;
}

const sizes: readonly { size: string; cpus: number; memory: string }[] = [
  { size: 'xsmall', cpus: 2, memory: '2Gi' },
  { size: 'small', cpus: 2, memory: '4Gi' },
  { size: 'medium', cpus: 2, memory: '8Gi' },
  { size: 'large', cpus: 4, memory: '16Gi' },
  { size: 'xlarge', cpus: 4, memory: '32Gi' },
];

export const seededClasses: readonly ClassSeed[] = (['best-effort', 'guaranteed'] as const).flatMap((kind) =>
  sizes.map(({ size, cpus, memory }) => ({ name: `${kind}-${size}`, cpus, memory, guaranteed: kind === 'guaranteed' })),
);

export const classSpec = (seed: ClassSeed): Document => {
  const hardware = { cpus: seed.cpus, memory: seed.memory };
  const kind = seed.guaranteed ? 'guaranteed' : 'best-effort';
  const spec: Document = { hardware, description: `${kind}: ${seed.cpus} vCPUs, ${seed.memory} memory${seed.guaranteed ? ', fully reserved' : ', no reservation'}` };
  if (seed.guaranteed) {
    const amounts = { cpu: String(seed.cpus), memory: seed.memory };
    spec.policies = { resources: { requests: { ...amounts }, limits: { ...amounts } } };
  }
  return spec;
};
