import { findByPlural } from './resource-types.ts';
import type { ResourceType } from './resource-type.ts';
import { StatusError } from './status.ts';

export interface ApiTarget {
  type: ResourceType;
  version: string;
  namespace: string | null;
  name: string | null;
  subresource: string | null;
}

const notFound = (): StatusError => new StatusError('NotFound', 'the server could not find the requested resource');

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StatusError('BadRequest', `the request path is not valid: malformed percent-encoding in "${segment.slice(0, 100)}"`);
  }
};

/**
 * Resolves /api/v1/... and /apis/GROUP/VERSION/... paths:
 * [namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]. `/api/v1/namespaces/NAME[/status]` is the Namespace itself.
 */
export const parseApiPath = (path: string): ApiTarget => {
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else throw notFound();
  let namespace: string | null = null;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nested = findByPlural(group, rest[2]!);
    if (nested?.namespaced) {
      namespace = rest[1]!;
      rest = rest.slice(2);
    }
  }
  const [plural, name, subresource, ...extra] = rest;
  const type = plural ? findByPlural(group, plural) : undefined;
  if (!type || !type.versions.includes(version) || extra.length > 0) throw notFound();
  if (subresource !== undefined && !(type.subresources as string[]).includes(subresource)) throw notFound();
  if (type.namespaced && namespace === null && name !== undefined) throw notFound();
  return { type, version, namespace, name: name ?? null, subresource: subresource ?? null };
};
