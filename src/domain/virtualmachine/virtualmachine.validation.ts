import { invalid, type FieldCause } from '../shared/errors.ts';
import { assertDnsLabel, assertDnsSubdomain } from '../shared/names.ts';
import { isNonNegativeResources, type Resources } from '../shared/resources.ts';
import type { CreateVirtualMachine } from './commands.ts';
import { powerOpModes, powerStates, type PowerOpMode } from './events.ts';

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const required = (value: unknown, field: string, causes: FieldCause[]): void => {
  if (!isText(value)) causes.push({ field, message: 'Required value' });
};

const resourcesCause = (resources: Resources, causes: FieldCause[]): void => {
  if (!resources || !isNonNegativeResources(resources)) {
    causes.push({ field: 'spec.className', message: "the class's resources must be non-negative integers" });
  }
};

/** Throws one Invalid error listing every broken field, as the Kubernetes API does. */
const throwIfAny = (name: string, causes: FieldCause[]): void => {
  if (causes.length === 0) return;
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  throw invalid(`virtualmachines "${name}" is invalid: ${summary}`, causes);
};

export const assertValidCreate = ({ data }: CreateVirtualMachine): void => {
  assertDnsLabel(data.namespace, 'metadata.namespace');
  assertDnsSubdomain(data.name);
  const causes: FieldCause[] = [];
  required(data.uid, 'metadata.uid', causes);
  required(data.className, 'spec.className', causes);
  required(data.imageName, 'spec.imageName', causes);
  required(data.storageClass, 'spec.storageClass', causes);
  if (!powerStates.includes(data.powerState)) {
    causes.push({ field: 'spec.powerState', message: `Unsupported value: "${String(data.powerState)}": supported values: ${powerStates.join(', ')}` });
  }
  resourcesCause(data.resources, causes);
  const seen = new Set<string>();
  (data.volumes ?? []).forEach((volume, index) => {
    const field = `spec.volumes[${index}]`;
    required(volume.name, `${field}.name`, causes);
    required(volume.claimName, `${field}.persistentVolumeClaim.claimName`, causes);
    if (seen.has(volume.name)) causes.push({ field: `${field}.name`, message: `Duplicate value: "${volume.name}"` });
    seen.add(volume.name);
  });
  throwIfAny(data.name, causes);
};

export const assertValidResize = (name: string, className: string, resources: Resources): void => {
  const causes: FieldCause[] = [];
  required(className, 'spec.className', causes);
  resourcesCause(resources, causes);
  throwIfAny(name, causes);
};

export const assertValidVolume = (name: string, volumeName: string, claimName: string): void => {
  const causes: FieldCause[] = [];
  required(volumeName, 'spec.volumes[].name', causes);
  required(claimName, 'spec.volumes[].persistentVolumeClaim.claimName', causes);
  throwIfAny(name, causes);
};

export const assertPowerOpMode = (name: string, mode: PowerOpMode, field: string): void => {
  if (!powerOpModes.includes(mode)) {
    throwIfAny(name, [{ field, message: `Unsupported value: "${String(mode)}": supported values: ${powerOpModes.join(', ')}` }]);
  }
};

export const assertPowerState = (name: string, powerState: string): void => {
  if (!powerStates.includes(powerState as never)) {
    throwIfAny(name, [{ field: 'spec.powerState', message: `Unsupported value: "${powerState}": supported values: ${powerStates.join(', ')}` }]);
  }
};

export const assertRequired = (name: string, value: string, field: string): void => {
  const causes: FieldCause[] = [];
  required(value, field, causes);
  throwIfAny(name, causes);
};
