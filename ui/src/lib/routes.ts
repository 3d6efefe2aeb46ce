import { kindByPlural, type Kind } from './kinds.ts';

export const BASE = '/ui';

export type Route =
  | { page: 'inventory' }
  | { page: 'namespace'; namespace: string }
  | { page: 'object'; kind: Kind; namespace: string | null; name: string }
  | { page: 'missing'; path: string };

const decode = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/** /ui/, /ui/namespaces/NS, /ui/namespaces/NS/PLURAL/NAME, /ui/cluster/PLURAL/NAME. */
export const parseRoute = (pathname: string): Route => {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decode);
  if (parts.length === 0) return { page: 'inventory' };
  if (parts[0] === 'namespaces' && parts.length === 2) return { page: 'namespace', namespace: parts[1]! };
  if (parts[0] === 'namespaces' && parts.length === 4) {
    const kind = kindByPlural(parts[2]!);
    if (kind?.namespaced) return { page: 'object', kind, namespace: parts[1]!, name: parts[3]! };
  }
  if (parts[0] === 'cluster' && parts.length === 3) {
    const kind = kindByPlural(parts[1]!);
    if (kind && !kind.namespaced) return { page: 'object', kind, namespace: null, name: parts[2]! };
  }
  return { page: 'missing', path: pathname };
};

export const hrefs = {
  inventory: (): string => `${BASE}/`,
  namespace: (namespace: string): string => `${BASE}/namespaces/${encodeURIComponent(namespace)}`,
  object: (kind: Kind, namespace: string | null | undefined, name: string): string =>
    kind.namespaced ? `${BASE}/namespaces/${encodeURIComponent(namespace ?? '')}/${kind.plural}/${encodeURIComponent(name)}` : `${BASE}/cluster/${kind.plural}/${encodeURIComponent(name)}`,
};
