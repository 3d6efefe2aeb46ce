/** What a request is about, in Kubernetes terms (after kube-apiserver's RequestInfo). */
export interface KubeRequestInfo {
  /** get, list, watch, create, update, patch, delete, deletecollection; the lower-case method off the API. */
  verb: string;
  /** `plural` (core) or `plural.group`; off the API, the path's first segment. */
  resource: string;
  isResourceRequest: boolean;
  group?: string;
  version?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type QueryLike = URLSearchParams | Readonly<Record<string, unknown>>;

/** Subresources of a namespace itself; any other segment after namespaces/NAME starts a namespaced resource. */
const namespaceSubresources = new Set(['status', 'finalize']);

const queryValue = (query: QueryLike, key: string): unknown => (query instanceof URLSearchParams ? query.get(key) : query[key]);

const isTrue = (value: unknown): boolean => {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === true || last === 'true' || last === '1';
};

const segmentsOf = (path: string): string[] => path.split('?')[0]!.split('/').filter((segment) => segment !== '').map((s) => decodeURIComponent(s));

/** The Kubernetes verb of a request, as kube-apiserver names it (metrics and authorization share it). */
export const kubeVerb = (method: string, hasName: boolean, watch: boolean): string => {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
};

/**
 * Classifies `/api/v1/...` and `/apis/G/V/...` requests (namespaced or cluster-scoped, with subresources,
 * and the legacy `/watch/` prefix). Discovery and other paths get the lower-case method and their first segment.
 */
export const classifyKubeRequest = (method: string, path: string, query: QueryLike = {}): KubeRequestInfo => {
  const upper = method.toUpperCase();
  let segments: string[];
  try {
    segments = segmentsOf(path);
  } catch {
    return { verb: upper.toLowerCase(), resource: '', isResourceRequest: false };
  }
  const other: KubeRequestInfo = { verb: upper.toLowerCase(), resource: segments[0] ?? '', isResourceRequest: false };
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis') {
    [group, version, rest] = [segments[1] ?? '', segments[2], segments.slice(3)];
  } else {
    return other;
  }
  if (version === undefined || rest.length === 0) return other;
  let watch = isTrue(queryValue(query, 'watch'));
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
  }
  const [plural, name, subresource] = rest;
  if (plural === undefined) return other;
  const info: KubeRequestInfo = {
    verb: kubeVerb(upper, name !== undefined, watch),
    resource: group ? `${plural}.${group}` : plural,
    isResourceRequest: true,
    group,
    version,
  };
  // For /namespaces/NAME the name is the object's, not a namespace scope.
  if (namespace !== undefined && plural !== 'namespaces') info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  return info;
};
