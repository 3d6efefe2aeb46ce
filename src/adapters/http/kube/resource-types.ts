import { resourceKey, type ResourceType, type Schema } from './resource-type.ts';
import { coreTypes } from './types/core.ts';
import { eventFields, eventType } from './types/core-event.ts';
import { nodeType } from './types/core-node.ts';
import { podType } from './types/core-pod.ts';
import { pacificTypes } from './types/pacific.ts';
import { storageClassFields, storageClassType } from './types/storage.ts';
import { tanzuTypes } from './types/tanzu.ts';
import { vmoperatorTypes } from './types/vmoperator.ts';

/** Every kind Pacific serves, core group first (discovery lists them in this order). */
export const resourceTypes: ResourceType[] = [
  ...coreTypes,
  nodeType,
  podType,
  eventType,
  storageClassType,
  ...vmoperatorTypes,
  ...tanzuTypes,
  ...pacificTypes,
];

const rootFields = new Map<string, Record<string, Schema>>([
  [resourceKey(eventType), eventFields],
  [resourceKey(storageClassType), storageClassFields],
]);

/** Fields some kinds (Event, StorageClass) keep at the top level of the object instead of spec/status. */
export const rootFieldsOf = (type: ResourceType): Record<string, Schema> => rootFields.get(resourceKey(type)) ?? {};

export const findByPlural = (group: string, plural: string): ResourceType | undefined =>
  resourceTypes.find((t) => t.group === group && t.plural === plural);

export const findByKind = (group: string, kind: string): ResourceType | undefined =>
  resourceTypes.find((t) => t.group === group && t.kind === kind);

/** Splits "group/version" (or "v1" for the core group). */
export const parseApiVersion = (apiVersion: string): { group: string; version: string } => {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
};

/** The kind served at that apiVersion (any served version, not only the preferred one). */
export const findByApiVersionKind = (apiVersion: string, kind: string): ResourceType | undefined => {
  const { group, version } = parseApiVersion(apiVersion);
  const type = findByKind(group, kind);
  return type?.versions.includes(version) ? type : undefined;
};

/** Every served group with its versions (preferred first), core group '' included. */
export const servedGroups = (): { group: string; versions: string[] }[] => {
  const groups = new Map<string, string[]>();
  for (const type of resourceTypes) {
    const versions = groups.get(type.group) ?? [];
    for (const v of type.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(type.group, versions);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
};

export const typesIn = (group: string, version: string): ResourceType[] =>
  resourceTypes.filter((t) => t.group === group && t.versions.includes(version));
