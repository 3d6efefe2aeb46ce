import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { create } from '../api.ts';
import { apiVersionOf, collectionPath, KINDS, type Kind } from '../lib/kinds.ts';
import { timestampedName } from '../lib/names.ts';
import { hostOf, stateOf, type KubeObject } from '../lib/objects.ts';
import { hrefs } from '../lib/routes.ts';
import { Link, StateBadge, Table, Time, useAction } from './ui.tsx';

const newObject = (kind: Kind, namespace: string, prefix: string, spec: Record<string, unknown>) =>
  create(collectionPath(kind, namespace), { apiVersion: apiVersionOf(kind), kind: kind.kind, metadata: { name: timestampedName(prefix, new Date()), namespace }, spec });

const byNewest = (a: KubeObject, b: KubeObject): number => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');

const OperationRows = ({ kind, namespace, items, extra }: { kind: Kind; namespace: string; items: KubeObject[]; extra?: (o: KubeObject) => ComponentChildren }) => (
  <>
    {[...items].sort(byNewest).map((o) => (
      <tr key={o.metadata.name} data-name={o.metadata.name}>
        <td>
          <Link href={hrefs.object(kind, namespace, o.metadata.name)}>{o.metadata.name}</Link>
        </td>
        <td>
          <StateBadge state={stateOf(o)} />
        </td>
        <td>{String(o.status?.message ?? '')}</td>
        <td>
          <Time iso={o.metadata.creationTimestamp} />
        </td>
        {extra ? <td>{extra(o)}</td> : null}
      </tr>
    ))}
  </>
);

/** Snapshot the namespace's VMs as one set; revert them to a snapshot. */
export const SnapshotPanel = ({ namespace, snapshots, restores, onRestore }: { namespace: string; snapshots: KubeObject[]; restores: KubeObject[]; onRestore: () => void }) => {
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(false);
  const [busy, run] = useAction();
  const take = (event: Event): void => {
    event.preventDefault();
    void run('Taking a snapshot', () => newObject(KINDS.NamespaceSnapshot, namespace, 'snapshot', { ...(description.trim() ? { description: description.trim() } : {}), memory }), `Snapshot of ${namespace} requested.`).then((ok) => ok && setDescription(''));
  };
  const restore = (snapshot: string): void => {
    if (!window.confirm(`Revert every VM of ${namespace} to snapshot ${snapshot}? What changed since is lost.`)) return;
    void run('Restoring', () => newObject(KINDS.NamespaceRestore, namespace, 'restore', { snapshotName: snapshot }), `Restore of ${namespace} to ${snapshot} requested.`).then((ok) => ok && onRestore());
  };
  return (
    <div>
      <form class="row-form" onSubmit={take}>
        <label class="field grow" for="snapshot-description">
          <span>Description (optional)</span>
          <input id="snapshot-description" value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
        </label>
        <label class="check" for="snapshot-memory">
          <input id="snapshot-memory" type="checkbox" checked={memory} onChange={(e) => setMemory((e.target as HTMLInputElement).checked)} />
          Include memory
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Take snapshot
        </button>
      </form>
      <Table caption={`Snapshots of ${namespace}`} head={['Snapshot', 'Phase', 'Progress', 'Requested', '']} empty={snapshots.length === 0 && 'No snapshots yet.'}>
        <OperationRows
          kind={KINDS.NamespaceSnapshot}
          namespace={namespace}
          items={snapshots}
          extra={(o) => (
            <button type="button" disabled={busy || o.status?.phase !== 'Completed'} onClick={() => restore(o.metadata.name)} aria-label={`Restore ${namespace} to ${o.metadata.name}`}>
              Restore
            </button>
          )}
        />
      </Table>
      {restores.length > 0 ? (
        <Table caption={`Restores of ${namespace}`} head={['Restore', 'Phase', 'Progress', 'Requested', 'Snapshot']}>
          <OperationRows kind={KINDS.NamespaceRestore} namespace={namespace} items={restores} extra={(o) => String(o.spec?.snapshotName ?? '')} />
        </Table>
      ) : null}
    </div>
  );
};

/** Move every workload of the namespace off chosen hosts, keeping it running. */
export const MigrationPanel = ({ namespace, nodes, workloads, migrations, onMigrate }: { namespace: string; nodes: KubeObject[]; workloads: KubeObject[]; migrations: KubeObject[]; onMigrate: () => void }) => {
  const [from, setFrom] = useState<string[]>([]);
  const [to, setTo] = useState<string[]>([]);
  const [problem, setProblem] = useState('');
  const [busy, run] = useAction();
  const here = (host: string): number => workloads.filter((w) => hostOf(w) === host).length;
  const toggle = (list: string[], set: (next: string[]) => void, name: string, on: boolean): void => set(on ? [...list, name] : list.filter((n) => n !== name));
  const submit = (event: Event): void => {
    event.preventDefault();
    if (from.length === 0) return setProblem('Choose at least one host to move off.');
    if (to.some((h) => from.includes(h))) return setProblem('A host cannot be both a source and a destination.');
    setProblem('');
    void run('Starting the migration', () => newObject(KINDS.NamespaceMigration, namespace, 'migration', { fromHosts: from, ...(to.length > 0 ? { toHosts: to } : {}) }), `Migration of ${namespace} off ${from.join(', ')} requested.`).then((ok) => {
      if (ok) {
        setFrom([]);
        setTo([]);
        onMigrate();
      }
    });
  };
  const names = nodes.map((n) => n.metadata.name);
  return (
    <div>
      <form onSubmit={submit}>
        <div class="two">
          <fieldset class="checklist">
            <legend>Move off these hosts</legend>
            {names.map((name) => (
              <label key={name} for={`from-${name}`}>
                <input id={`from-${name}`} type="checkbox" checked={from.includes(name)} onChange={(e) => toggle(from, setFrom, name, (e.target as HTMLInputElement).checked)} />
                {name} <span class="muted">({here(name)} of this namespace)</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="checklist">
            <legend>Onto these hosts (none checked: any ready host)</legend>
            {names.map((name) => (
              <label key={name} for={`to-${name}`}>
                <input id={`to-${name}`} type="checkbox" checked={to.includes(name)} onChange={(e) => toggle(to, setTo, name, (e.target as HTMLInputElement).checked)} />
                {name}
              </label>
            ))}
          </fieldset>
        </div>
        <p class="error-text" role={problem ? 'alert' : undefined}>
          {problem}
        </p>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Migrate
          </button>
        </div>
      </form>
      {migrations.length > 0 ? (
        <Table caption={`Migrations of ${namespace}`} head={['Migration', 'Phase', 'Progress', 'Requested', 'From']}>
          <OperationRows kind={KINDS.NamespaceMigration} namespace={namespace} items={migrations} extra={(o) => (Array.isArray(o.spec?.fromHosts) ? o.spec.fromHosts.join(', ') : '')} />
        </Table>
      ) : null}
    </div>
  );
};
