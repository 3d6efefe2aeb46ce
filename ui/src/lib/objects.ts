/** The parts of a Kubernetes object the console reads; everything else is kept as sent. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  // Spec and status differ per kind; pages read them through the helpers below.
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export interface KubeList {
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
}

export const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

export const byName = (a: KubeObject, b: KubeObject): number => keyOf(a).localeCompare(keyOf(b));

export const conditionsOf = (object: KubeObject | undefined): Condition[] => (Array.isArray(object?.status?.conditions) ? (object!.status.conditions as Condition[]) : []);

/** VMs say so in status.crypto; pods (which have no such field) in a pacific.io/Encrypted condition. */
export const isEncrypted = (object: KubeObject): boolean => {
  if (object.kind === 'Pod') return conditionsOf(object).some((c) => c.type === 'pacific.io/Encrypted' && c.status === 'True');
  const encrypted = object.status?.crypto?.encrypted;
  return Array.isArray(encrypted) && encrypted.length > 0;
};

export const hostOf = (object: KubeObject): string | undefined => (object.kind === 'Pod' ? object.spec?.nodeName : object.status?.nodeName) || undefined;

export const ipOf = (object: KubeObject): string | undefined => (object.kind === 'Pod' ? object.status?.podIP : object.status?.network?.primaryIP4) || undefined;

/** One word for where the object stands. */
export const stateOf = (object: KubeObject): string => {
  if (object.metadata.deletionTimestamp) return 'Terminating';
  switch (object.kind) {
    case 'VirtualMachine':
      return object.status?.powerState ?? 'Pending';
    case 'Node': {
      const ready = conditionsOf(object).find((c) => c.type === 'Ready');
      const state = ready?.status === 'True' ? 'Ready' : 'NotReady';
      return object.spec?.unschedulable ? `${state}, cordoned` : state;
    }
    case 'TanzuKubernetesCluster':
      return object.status?.phase ?? (conditionsOf(object).find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'Pending');
    default:
      return object.status?.phase ?? '–';
  }
};

/** The policy that governs a namespace, as the server picks it: the oldest, then by name. */
export const governingPolicy = (policies: readonly KubeObject[]): KubeObject | undefined =>
  policies
    .filter((p) => !p.metadata.deletionTimestamp)
    .reduce<KubeObject | undefined>((oldest, p) => {
      if (!oldest) return p;
      const [a, b] = [p.metadata.creationTimestamp ?? '', oldest.metadata.creationTimestamp ?? ''];
      if (a !== b) return a < b ? p : oldest;
      return p.metadata.name < oldest.metadata.name ? p : oldest;
    }, undefined);

/** `encryption: Enabled | Disabled`, or the older `{enabled: bool}` form. */
export const encryptionEnabled = (policy: KubeObject | undefined): boolean => {
  const value = policy?.spec?.encryption;
  return value === 'Enabled' || (typeof value === 'object' && value !== null && value.enabled === true);
};
