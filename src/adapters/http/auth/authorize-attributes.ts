import type { Request } from 'express';
import type { Identity, NonResourceAttributes, ResourceAttributes } from '../../../application/authorization/index.ts';
import { parseApiPath } from '../kube/api-path.ts';
import { StatusError } from '../kube/status.ts';
import { kubeVerb } from '../ops/request-info.ts';

export type RequestAttributes = { resource: ResourceAttributes } | { nonResource: NonResourceAttributes };

const isWatch = (req: Request): boolean => {
  const value = req.query.watch;
  return value === 'true' || value === '1';
};

const verbOf = (req: Request, named: boolean): string => kubeVerb(req.method, named, isWatch(req));

/** /api, /api/V, /apis, /apis/G and /apis/G/V: discovery documents, not resources. */
const isDiscovery = (segments: string[]): boolean => (segments[0] === 'api' && segments.length <= 2) || (segments[0] === 'apis' && segments.length <= 3);

/**
 * What a request asks to do. API paths resolve exactly as the API server resolves them; an API path
 * that names no served resource gives undefined (the API answers 404 whoever asks).
 */
export const attributesOf = (req: Request): RequestAttributes | undefined => {
  const path = req.path;
  const segments = path.split('/').filter(Boolean);
  if ((segments[0] === 'api' || segments[0] === 'apis') && !isDiscovery(segments)) {
    let target;
    try {
      target = parseApiPath(path);
    } catch {
      return undefined;
    }
    const { type, namespace, name, subresource } = target;
    return {
      resource: { verb: verbOf(req, name !== null), group: type.group, resource: type.plural, subresource: subresource ?? '', namespace: namespace ?? '', name: name ?? '' },
    };
  }
  return { nonResource: { verb: req.method.toLowerCase(), path } };
};

/** Kubernetes' wording: `pods "web" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "shop"`. */
export const forbiddenResource = (user: Identity, a: ResourceAttributes): StatusError => {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const namespace = a.namespace || (a.resource === 'namespaces' && a.group === '' ? a.name : '');
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return new StatusError('Forbidden', `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.group ? { group: a.group } : {}),
    kind: a.resource,
  });
};

export const forbiddenPath = (user: Identity, a: NonResourceAttributes): StatusError =>
  new StatusError('Forbidden', `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"`);
