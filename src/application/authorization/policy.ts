import { isAdministrator, type Identity } from './identity.ts';
import { atLeast, type NamespaceRole } from './namespace-permission.ts';
import type { RoleLookup } from './permission-index.ts';

/**
 * Who may do what, in Kubernetes' terms (verb, API group, resource, namespace), after vSphere namespaces:
 * - members of `pacific:admins` may do everything;
 * - View reads every namespaced object of its namespace; Edit also writes the developer kinds
 *   (pods, VMs, claims, guest clusters, namespace snapshots and restores); Owner also manages the
 *   namespace's NamespacePermissions; quotas, policies, classes, images and migrations stay admin-only;
 * - every authenticated user reads the cluster-wide catalog: nodes, storage classes, cluster VM images
 *   and Tanzu releases (as vSphere developers see them), and discovery, OpenAPI and /version;
 * - namespaces: a user sees only those where they hold a role;
 * - lists and watches across namespaces are allowed, and show only the permitted namespaces.
 */

export interface ResourceAttributes {
  verb: string;
  /** '' for the core group. */
  group: string;
  /** The plural, e.g. 'pods'. */
  resource: string;
  /** '' for the object itself. */
  subresource: string;
  /** '' for cluster-scoped kinds, and for namespaced kinds across every namespace. */
  namespace: string;
  /** '' for a collection (or any object). */
  name: string;
}

export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, for SelfSubjectAccessReview and logs. */
  reason: string;
  /** Allowed, but only for the objects of namespaces the user may read: filter each with `mayReadIn`. */
  perNamespace?: true;
}

export const readVerbs: readonly string[] = ['get', 'list', 'watch'];
export const writeVerbs: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const everyVerb = [...readVerbs, ...writeVerbs];

/** How a resource is governed; resources not listed are admin-only. */
type Access = 'workload' | 'namespaceConfig' | 'permissions' | 'clusterCatalog' | 'namespaces';

const access: Record<string, Access> = {
  '/pods': 'workload',
  '/persistentvolumeclaims': 'workload',
  'vmoperator.vmware.com/virtualmachines': 'workload',
  'run.tanzu.vmware.com/tanzukubernetesclusters': 'workload',
  'pacific.io/namespacesnapshots': 'workload',
  'pacific.io/namespacerestores': 'workload',
  '/resourcequotas': 'namespaceConfig',
  '/events': 'namespaceConfig',
  'vmoperator.vmware.com/virtualmachineclasses': 'namespaceConfig',
  'vmoperator.vmware.com/virtualmachineimages': 'namespaceConfig',
  'pacific.io/namespacepolicies': 'namespaceConfig',
  'pacific.io/namespacemigrations': 'namespaceConfig',
  'pacific.io/namespacepermissions': 'permissions',
  '/nodes': 'clusterCatalog',
  'storage.k8s.io/storageclasses': 'clusterCatalog',
  'vmoperator.vmware.com/clustervirtualmachineimages': 'clusterCatalog',
  'run.tanzu.vmware.com/tanzukubernetesreleases': 'clusterCatalog',
  '/namespaces': 'namespaces',
};

/** The role a namespaced write needs, or null when only admins may do it. */
const writeRole = (kind: Access, subresource: string): NamespaceRole | null => {
  if (subresource === 'status') return null;
  if (subresource === 'eviction') return kind === 'workload' ? 'Edit' : null;
  if (subresource !== '') return null;
  return kind === 'workload' ? 'Edit' : kind === 'permissions' ? 'Owner' : null;
};

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason = ''): Decision => ({ allowed: false, reason });

const userText = (user: Identity): string => `User "${user.name}"`;

/** Paths every user reads: discovery, OpenAPI, the version, health checks and the console's static files. */
const readableByAnyUser = (path: string): boolean =>
  ['/api', '/apis', '/version', '/openapi/v2', '/openapi/v3', '/livez', '/readyz', '/healthz', '/ui'].includes(path) || /^\/(api|apis|openapi\/v3|ui)\//.test(path);

export class AuthorizationPolicy {
  constructor(private readonly roles: RoleLookup) {}

  decide(user: Identity, attributes: ResourceAttributes): Decision {
    if (isAdministrator(user)) return allow(`${userText(user)} is a cluster administrator`);
    if (attributes.verb === '*') return this.every(user, attributes);
    if (!everyVerb.includes(attributes.verb)) return deny();
    const kind = access[`${attributes.group}/${attributes.resource}`];
    if (!kind) return deny();
    const reading = readVerbs.includes(attributes.verb);
    switch (kind) {
      case 'clusterCatalog':
        return reading ? allow('every user may read the cluster-wide catalog') : deny();
      case 'namespaces':
        if (!reading) return deny();
        if (attributes.name === '') return { ...allow('lists only the namespaces where the user holds a role'), perNamespace: true };
        return this.inNamespace(user, attributes.name, 'View');
      default: {
        if (attributes.namespace === '') {
          return reading ? { ...allow('lists only the objects of namespaces where the user holds a role'), perNamespace: true } : deny();
        }
        if (reading) return this.inNamespace(user, attributes.namespace, 'View');
        const required = writeRole(kind, attributes.subresource);
        return required ? this.inNamespace(user, attributes.namespace, required) : deny();
      }
    }
  }

  /** For objects of a list or watch that `decide` allowed per namespace. */
  mayReadIn(user: Identity, namespace: string): boolean {
    return isAdministrator(user) || this.roles.roleOf(user, namespace) !== undefined;
  }

  decideNonResource(user: Identity, attributes: NonResourceAttributes): Decision {
    if (isAdministrator(user)) return allow(`${userText(user)} is a cluster administrator`);
    const reading = attributes.verb === 'get' || attributes.verb === 'head';
    return reading && readableByAnyUser(attributes.path) ? allow('every user may read discovery, OpenAPI, version and health') : deny();
  }

  private inNamespace(user: Identity, namespace: string, required: NamespaceRole): Decision {
    const role = this.roles.roleOf(user, namespace);
    if (atLeast(role, required)) return allow(`${userText(user)} holds role ${role} in namespace "${namespace}"`);
    return deny();
  }

  /** `*`: allowed only when every verb is. */
  private every(user: Identity, attributes: ResourceAttributes): Decision {
    const decisions = everyVerb.map((verb) => this.decide(user, { ...attributes, verb }));
    const refused = decisions.find((decision) => !decision.allowed);
    return refused ?? decisions.find((decision) => decision.perNamespace) ?? decisions[0]!;
  }
}
