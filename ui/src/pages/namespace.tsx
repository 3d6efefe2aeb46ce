import { useEffect, useState } from 'preact/hooks';
import { create, mergePatch, remove, servesPermissions } from '../api.ts';
import { MigrationPanel, SnapshotPanel } from '../components/operations.tsx';
import { PermissionsPanel } from '../components/permissions.tsx';
import { PolicyPanel } from '../components/policy.tsx';
import { QuotaFields, QuotaMeters } from '../components/quota.tsx';
import { Breadcrumbs, LiveStatus } from '../components/shell.tsx';
import { Link, Section, StateBadge, useAction } from '../components/ui.tsx';
import { GuestClusterTable, PodTable, VirtualMachineTable } from '../components/workloads.tsx';
import { apiVersionOf, collectionPath, KINDS, objectPath } from '../lib/kinds.ts';
import { stateOf, type KubeObject } from '../lib/objects.ts';
import { hardFrom, inputFrom } from '../lib/quota.ts';
import { hrefs } from '../lib/routes.ts';
import { navigate } from '../router.ts';
import { useFollow, useLive, type Items } from '../state.ts';

const QuotaEditor = ({ namespace, quotas, onSaved }: { namespace: string; quotas: KubeObject[]; onSaved: () => void }) => {
  // The console edits one quota object, "quota", or the only one there is.
  const target = quotas.find((q) => q.metadata.name === 'quota') ?? (quotas.length === 1 ? quotas[0] : undefined);
  const [value, setValue] = useState(inputFrom(target));
  const [problem, setProblem] = useState('');
  const [busy, run] = useAction();
  const version = target?.metadata.resourceVersion;
  useEffect(() => setValue(inputFrom(target)), [version]);
  const save = (event: Event): void => {
    event.preventDefault();
    const hard = hardFrom(value);
    if ('problem' in hard) return setProblem(hard.problem);
    setProblem('');
    const done = `Quota of ${namespace} saved.`;
    if (target) {
      // A merge patch removes the limits left empty (null) and sets the others.
      const cleared = Object.fromEntries(Object.keys(target.spec?.hard ?? {}).map((k) => [k, null]));
      void run('Saving the quota', () => mergePatch(objectPath(KINDS.ResourceQuota, namespace, target.metadata.name), { spec: { hard: { ...cleared, ...hard.hard } } }), done).then((ok) => ok && onSaved());
    } else {
      void run('Saving the quota', () => create(collectionPath(KINDS.ResourceQuota, namespace), { apiVersion: apiVersionOf(KINDS.ResourceQuota), kind: 'ResourceQuota', metadata: { name: 'quota', namespace }, spec: { hard: hard.hard } }), done).then((ok) => ok && onSaved());
    }
  };
  return (
    <form onSubmit={save} aria-label={`Quota of ${namespace}`}>
      <QuotaFields idPrefix="quota" value={value} onChange={setValue} />
      <p class="error-text" role={problem ? 'alert' : undefined}>
        {problem}
      </p>
      <div class="actions">
        <button type="submit" disabled={busy}>
          Save quota
        </button>
      </div>
    </form>
  );
};

/**
 * One namespace, as the admin manages it: quota, policy (encryption, HA, classes),
 * permissions, its workloads, snapshots and migration. Every control writes an API object.
 */
export const NamespacePage = ({ namespace }: { namespace: string }) => {
  const self = useLive(collectionPath(KINDS.Namespace, null, { fieldSelector: `metadata.name=${namespace}` }));
  const vms = useLive(collectionPath(KINDS.VirtualMachine, namespace));
  const pods = useLive(collectionPath(KINDS.Pod, namespace));
  const policies = useLive(collectionPath(KINDS.NamespacePolicy, namespace));
  const snapshots = useLive(collectionPath(KINDS.NamespaceSnapshot, namespace));
  // Five watches is the budget; these are read again when the watched collections move.
  const quotas = useFollow<Items>(collectionPath(KINDS.ResourceQuota, namespace), [self.version]);
  const restores = useFollow<Items>(collectionPath(KINDS.NamespaceRestore, namespace), [vms.version, snapshots.version]);
  const migrations = useFollow<Items>(collectionPath(KINDS.NamespaceMigration, namespace), [vms.version, pods.version]);
  const clusters = useFollow<Items>(collectionPath(KINDS.TanzuKubernetesCluster, namespace), [vms.version]);
  const nodes = useFollow<Items>(collectionPath(KINDS.Node), [vms.version, pods.version]);
  const vmClasses = useFollow<Items>(collectionPath(KINDS.VirtualMachineClass, namespace), [policies.version]);
  const storageClasses = useFollow<Items>(collectionPath(KINDS.StorageClass), [policies.version]);
  const [permissionsServed, setPermissionsServed] = useState(false);
  useEffect(() => void servesPermissions().then(setPermissionsServed), []);
  const permissions = useFollow<Items>(permissionsServed ? collectionPath(KINDS.NamespacePermission, namespace) : null, [self.version]);
  const [busy, run] = useAction();

  const ns = self.items[0];
  if (self.loaded && !ns) {
    return (
      <main id="main" tabIndex={-1}>
        <Breadcrumbs trail={[{ label: namespace }]} />
        <h1>Namespace {namespace}</h1>
        <p>There is no namespace {namespace} (any more).</p>
        <Link href={hrefs.inventory()}>Back to the inventory</Link>
      </main>
    );
  }
  const deleteNamespace = (): void => {
    if (!window.confirm(`Delete namespace ${namespace} and everything in it?`)) return;
    void run('Deleting the namespace', () => remove(objectPath(KINDS.Namespace, null, namespace)), `Namespace ${namespace} is being deleted.`).then((ok) => ok && navigate(hrefs.inventory()));
  };
  const names = (items: KubeObject[] | undefined) => (items ?? []).map((o) => o.metadata.name);
  return (
    <main id="main" tabIndex={-1}>
      <Breadcrumbs trail={[{ label: namespace }]} />
      <div class="page-head">
        <h1>
          Namespace {namespace} {ns ? <StateBadge state={stateOf(ns)} /> : null}
        </h1>
        <div class="actions">
          <LiveStatus lives={[self, vms, pods, policies, snapshots]} />
          <Link class="button" href={hrefs.object(KINDS.Namespace, null, namespace)}>
            History and point in time
          </Link>
          <button type="button" class="danger" disabled={busy || !ns || stateOf(ns) === 'Terminating'} onClick={deleteNamespace}>
            Delete namespace
          </button>
        </div>
      </div>
      {ns?.metadata.annotations?.['pacific.io/network-segment'] ? <p class="muted">Network segment {ns.metadata.annotations['pacific.io/network-segment']}</p> : null}
      <div class="columns">
        <Section id="quota-title" title="Quota">
          <QuotaMeters namespace={namespace} quotas={quotas.data?.items ?? []} />
          <details>
            <summary>Change the quota</summary>
            <QuotaEditor namespace={namespace} quotas={quotas.data?.items ?? []} onSaved={quotas.reload} />
          </details>
        </Section>
        <Section id="policy-title" title="Policy">
          <PolicyPanel namespace={namespace} policies={policies.items} vmClasses={names(vmClasses.data?.items)} storageClasses={names(storageClasses.data?.items)} />
        </Section>
      </div>
      {permissionsServed ? (
        <Section id="permissions-title" title="Permissions">
          <PermissionsPanel namespace={namespace} permissions={permissions.data?.items ?? []} onChanged={permissions.reload} />
        </Section>
      ) : null}
      <Section id="vms-title" title={`Virtual machines (${vms.items.length})`}>
        <VirtualMachineTable namespace={namespace} vms={vms.items} />
      </Section>
      <Section id="pods-title" title={`Pods (${pods.items.length})`}>
        <PodTable namespace={namespace} pods={pods.items} />
      </Section>
      <Section id="clusters-title" title={`Guest clusters (${clusters.data?.items.length ?? 0})`}>
        <GuestClusterTable namespace={namespace} clusters={clusters.data?.items ?? []} />
      </Section>
      <Section id="snapshots-title" title="Snapshots and restore">
        <SnapshotPanel namespace={namespace} snapshots={snapshots.items} restores={restores.data?.items ?? []} onRestore={restores.reload} />
      </Section>
      <Section id="migration-title" title="Migration">
        <MigrationPanel namespace={namespace} nodes={nodes.data?.items ?? []} workloads={[...vms.items, ...pods.items]} migrations={migrations.data?.items ?? []} onMigrate={migrations.reload} />
      </Section>
    </main>
  );
};
