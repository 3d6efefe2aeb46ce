import { createHash } from 'node:crypto';
import express from 'express';
import type { ResourceType, Verb } from './resource-type.ts';
import { servedGroups, typesIn } from './resource-types.ts';
import { StatusError } from './status.ts';

/** The legacy (non-aggregated) discovery documents; kubectl falls back to them when answered plain application/json. */

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

export interface APIVersions {
  kind: 'APIVersions';
  versions: string[];
  serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[];
}

const groupVersion = (group: string, version: string): string => (group ? `${group}/${version}` : version);

/** As kube-apiserver computes it: the first 8 bytes of sha256("group/version/kind"), base64. */
const storageVersionHash = (type: ResourceType): string =>
  createHash('sha256').update(`${type.group}/${type.versions[0]}/${type.kind}`).digest().subarray(0, 8).toString('base64');

export const apiResourcesOf = (type: ResourceType): APIResource[] => {
  const main: APIResource = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    storageVersionHash: storageVersionHash(type),
  };
  const subresources = type.subresources.map((sub): APIResource => {
    switch (sub) {
      case 'status':
        return { name: `${type.plural}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get', 'patch', 'update'] };
      case 'eviction':
        return { name: `${type.plural}/eviction`, singularName: '', namespaced: type.namespaced, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
      case 'log':
        return { name: `${type.plural}/log`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get'] };
    }
  });
  return [main, ...subresources];
};

const notFound = (): StatusError => new StatusError('NotFound', 'the server could not find the requested resource');

/** Create-only resources that store nothing, served outside the registry (`kubectl auth can-i`). */
const reviewResources: { group: string; version: string; resource: APIResource }[] = [
  { group: 'authorization.k8s.io', version: 'v1', resource: { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] } },
];

/** GET /api/v1 and /apis/G/V; unknown group-versions are a 404 Status. */
export const apiResourceList = (group: string, version: string): APIResourceList => {
  const resources = [...typesIn(group, version).flatMap(apiResourcesOf), ...reviewResources.filter((r) => r.group === group && r.version === version).map((r) => r.resource)];
  if (resources.length === 0) throw notFound();
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
};

/** GET /api */
export const apiVersions = (serverAddress: string): APIVersions => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

/** GET /apis: every named group (the core group is served at /api instead). */
export const apiGroupList = (): APIGroupList => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...servedGroups(), ...reviewResources.map(({ group, version }) => ({ group, versions: [version] }))]
    .filter(({ group }) => group !== '')
    .map(({ group, versions }) => {
      const entries = versions.map((version) => ({ groupVersion: groupVersion(group, version), version }));
      return { name: group, versions: entries, preferredVersion: entries[0]! };
    }),
});

/** GET /apis/G: the APIGroup alone. */
export const apiGroup = (group: string): APIGroup & { kind: 'APIGroup'; apiVersion: 'v1' } => {
  const found = apiGroupList().groups.find((g) => g.name === group);
  if (!found) throw notFound();
  return { kind: 'APIGroup', apiVersion: 'v1', ...found };
};

export const discoveryRouter = (): express.Router => {
  const router = express.Router();
  router.get('/api', (req, res) => {
    res.json(apiVersions(req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`));
  });
  router.get('/api/:version', (req, res) => {
    res.json(apiResourceList('', req.params.version));
  });
  router.get('/apis', (_req, res) => {
    res.json(apiGroupList());
  });
  router.get('/apis/:group', (req, res) => {
    res.json(apiGroup(req.params.group));
  });
  router.get('/apis/:group/:version', (req, res) => {
    res.json(apiResourceList(req.params.group, req.params.version));
  });
  return router;
};
