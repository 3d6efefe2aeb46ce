import 'reflect-metadata';
import { validateSync, type ValidationError } from 'class-validator';
import type { KubeObject } from '../kube-object.ts';
import { StatusError, type StatusCause } from '../status.ts';
import { ObjectMetaDto } from './object-meta.dto.ts';
import { ContainerDto, ControlPlaneDto, NodePoolDto, PodSpecDto, TanzuKubernetesClusterSpecDto, TopologyDto, VirtualMachineSpecDto } from './specs.dto.ts';

type Plain = Record<string, unknown>;

const asPlain = (value: unknown): Plain => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : {});

/** Keys a body may carry but a DTO must never take over: class-validator reads its class through `constructor`. */
const reservedKeys = new Set(['constructor', 'prototype', '__proto__']);

/** A DTO instance with the body's own fields, none of them able to replace the instance's class. */
const filled = <T extends object>(Type: new () => T, plain: unknown): T => {
  const target = new Type() as T & Plain;
  for (const [key, value] of Object.entries(asPlain(plain))) if (!reservedKeys.has(key)) (target as Plain)[key] = value;
  return target;
};

/** Builds a DTO instance (nested DTOs included) from a plain object, as class-validator needs. */
const instance = <T extends object>(Type: new () => T, plain: unknown, nested: Record<string, new () => object> = {}): T => {
  const target = filled(Type, plain);
  const fields = target as unknown as Plain;
  for (const [field, NestedType] of Object.entries(nested)) {
    const value = fields[field];
    if (Array.isArray(value)) fields[field] = value.map((item) => filled(NestedType, item));
    else if (value !== undefined) fields[field] = filled(NestedType, value);
  }
  return target;
};

const specDtos: Record<string, (spec: unknown) => object> = {
  Pod: (spec) => instance(PodSpecDto, spec, { containers: ContainerDto }),
  VirtualMachine: (spec) => instance(VirtualMachineSpecDto, spec),
  TanzuKubernetesCluster: (spec) => {
    const dto = instance(TanzuKubernetesClusterSpecDto, spec);
    dto.topology = instance(TopologyDto, asPlain(spec).topology, { controlPlane: ControlPlaneDto, nodePools: NodePoolDto });
    return dto;
  },
};

const causesOf = (errors: ValidationError[], prefix: string): StatusCause[] =>
  errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    const required = messages.some((message) => message.startsWith('Required value'));
    const own = messages.length > 0 ? [{ reason: required ? 'FieldValueRequired' : 'FieldValueInvalid', field, message: messages.join('; ') }] : [];
    return [...own, ...causesOf(error.children ?? [], field)];
  });

/**
 * Checks a written object's metadata and, for the kinds that have one, its spec at the edge
 * (class-validator), so malformed input never reaches a command. Refusals are 422 Invalid with
 * one cause per field.
 */
export const validateBody = (kind: string, body: KubeObject): void => {
  const causes = causesOf(validateSync(instance(ObjectMetaDto, body.metadata)), 'metadata');
  const spec = specDtos[kind];
  if (spec) causes.push(...causesOf(validateSync(spec(body.spec ?? {})), 'spec'));
  if (causes.length > 0) {
    const name = body.metadata.name ?? '';
    throw new StatusError('Invalid', `${kind} "${name}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`, { name, kind, causes });
  }
};
