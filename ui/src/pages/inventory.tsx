import { useState } from 'preact/hooks';
import { create } from '../api.ts';
import { UtilisationChart } from '../components/chart.tsx';
import { QuotaFields, QuotaMeters } from '../components/quota.tsx';
import { LiveStatus } from '../components/shell.tsx';
import { HostMeters } from '../components/host.tsx';
import { Link, notify, Section, StateBadge, useAction } from '../components/ui.tsx';
import { apiVersionOf, collectionPath, KINDS, type Kind } from '../lib/kinds.ts';
import { nameProblem } from '../lib/names.ts';
import { stateOf, type KubeObject } from '../lib/objects.ts';
import { emptyQuota, hardFrom } from '../lib/quota.ts';
import { hrefs } from '../lib/routes.ts';
import { useFollow, useLive, type Items } from '../state.ts';

const HostCard = ({ node }: { node: KubeObject }) => {
  const name = node.metadata.name;
  return (
    <article class="host" aria-labelledby={`host-${name}`}>
      <div class="host-head">
        <h3 id={`host-${name}`}>
          <Link href={hrefs.object(KINDS.Node, null, name)}>{name}</Link>
        </h3>
        <StateBadge state={stateOf(node)} />
      </div>
      <HostMeters node={node} />
    </article>
  );
};

const ObjectList = ({ kind, items, namespace }: { kind: Kind; items: KubeObject[]; namespace: string }) =>
  items.length === 0 ? null : (
    <div>
      <h4>
        {kind.title}s ({items.length})
      </h4>
      <ul class="object-list">
        {items.map((o) => (
          <li key={o.metadata.name}>
            <Link href={hrefs.object(kind, namespace, o.metadata.name)}>{o.metadata.name}</Link> <StateBadge state={stateOf(o)} />
          </li>
        ))}
      </ul>
    </div>
  );

const NamespaceCard = ({ namespace, pods, vms, tkcs, quotas }: { namespace: KubeObject; pods: KubeObject[]; vms: KubeObject[]; tkcs: KubeObject[]; quotas: KubeObject[] }) => {
  const name = namespace.metadata.name;
  const mine = (items: KubeObject[]) => items.filter((o) => o.metadata.namespace === name);
  const [p, v, t, q] = [mine(pods), mine(vms), mine(tkcs), mine(quotas)];
  return (
    <article class="namespace" aria-labelledby={`ns-${name}`} data-namespace={name}>
      <div class="host-head">
        <h3 id={`ns-${name}`}>
          <Link href={hrefs.namespace(name)}>{name}</Link>
        </h3>
        <StateBadge state={stateOf(namespace)} />
      </div>
      <p class="counts">
        <span>
          <strong>{p.length}</strong> pods
        </span>
        <span>
          <strong>{v.length}</strong> VMs
        </span>
        <span>
          <strong>{t.length}</strong> guest clusters
        </span>
      </p>
      <QuotaMeters namespace={name} quotas={q} />
      {p.length + v.length + t.length > 0 ? (
        <details>
          <summary>Contents of {name}</summary>
          <ObjectList kind={KINDS.Pod} items={p} namespace={name} />
          <ObjectList kind={KINDS.VirtualMachine} items={v} namespace={name} />
          <ObjectList kind={KINDS.TanzuKubernetesCluster} items={t} namespace={name} />
        </details>
      ) : null}
    </article>
  );
};

const CreateNamespace = ({ onCreated }: { onCreated: () => void }) => {
  const [name, setName] = useState('');
  const [quota, setQuota] = useState(emptyQuota);
  const [problem, setProblem] = useState('');
  const [busy, run] = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    const hard = hardFrom(quota);
    const found = nameProblem(trimmed) ?? ('problem' in hard ? hard.problem : '');
    setProblem(found);
    if (found || 'problem' in hard) return;
    const created = await run('Creating the namespace', () => create(collectionPath(KINDS.Namespace), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: trimmed } }));
    if (!created) return;
    if (Object.keys(hard.hard).length > 0) {
      const quotaMade = await run(`Namespace ${trimmed} was created, but setting its quota`, () =>
        create(collectionPath(KINDS.ResourceQuota, trimmed), { apiVersion: apiVersionOf(KINDS.ResourceQuota), kind: 'ResourceQuota', metadata: { name: 'quota', namespace: trimmed }, spec: { hard: hard.hard } }),
      );
      if (!quotaMade) return;
    }
    notify(`Namespace ${trimmed} created${Object.keys(hard.hard).length > 0 ? ' with its quota' : ''}.`);
    setName('');
    setQuota(emptyQuota);
    onCreated();
  };
  return (
    <form class="create-form" onSubmit={submit} aria-label="New namespace">
      <label class="field" for="new-namespace-name">
        <span>Name</span>
        <input id="new-namespace-name" name="name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} aria-invalid={problem ? true : undefined} aria-describedby="new-namespace-problem" />
      </label>
      <QuotaFields idPrefix="new-namespace" value={quota} onChange={setQuota} />
      <p id="new-namespace-problem" class="error-text" role={problem ? 'alert' : undefined}>
        {problem}
      </p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          Create namespace
        </button>
      </div>
    </form>
  );
};

/** Hosts with their allocation, the utilisation chart, and every namespace with what it holds. */
export const InventoryPage = () => {
  const nodes = useLive(collectionPath(KINDS.Node));
  const namespaces = useLive(collectionPath(KINDS.Namespace));
  const pods = useLive(collectionPath(KINDS.Pod));
  const vms = useLive(collectionPath(KINDS.VirtualMachine));
  const tkcs = useLive(collectionPath(KINDS.TanzuKubernetesCluster));
  // Quota limits and usage change exactly when their namespace does (quota set, reserved, released).
  const quotas = useFollow<Items>(collectionPath(KINDS.ResourceQuota), [namespaces.version]);
  const [creating, setCreating] = useState(false);
  return (
    <main id="main" tabIndex={-1}>
      <div class="page-head">
        <h1>Inventory</h1>
        <LiveStatus lives={[nodes, namespaces, pods, vms, tkcs]} />
      </div>
      <Section id="hosts-title" title={`Hosts (${nodes.items.length})`}>
        {!nodes.loaded ? <p class="muted">Loading…</p> : null}
        <div class="grid hosts">
          {nodes.items.map((node) => (
            <HostCard key={node.metadata.name} node={node} />
          ))}
        </div>
      </Section>
      <Section id="chart-title" title="Host utilisation over time">
        <UtilisationChart nodes={nodes.items} version={nodes.version} />
      </Section>
      <Section
        id="namespaces-title"
        title={`Namespaces (${namespaces.items.length})`}
        actions={
          <button type="button" aria-expanded={creating} aria-controls="new-namespace" onClick={() => setCreating(!creating)}>
            {creating ? 'Close' : 'New namespace'}
          </button>
        }
      >
        {creating ? (
          <div id="new-namespace">
            <CreateNamespace onCreated={() => setCreating(false)} />
          </div>
        ) : null}
        {namespaces.loaded && namespaces.items.length === 0 ? <p class="muted">No namespaces yet.</p> : null}
        <div class="grid namespaces">
          {namespaces.items.map((ns) => (
            <NamespaceCard key={ns.metadata.name} namespace={ns} pods={pods.items} vms={vms.items} tkcs={tkcs.items} quotas={quotas.data?.items ?? []} />
          ))}
        </div>
      </Section>
    </main>
  );
};
