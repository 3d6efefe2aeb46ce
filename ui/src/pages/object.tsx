import type { ComponentChildren } from 'preact';
import { AsOfPanel } from '../components/as-of.tsx';
import { UtilisationChart } from '../components/chart.tsx';
import { HostMeters } from '../components/host.tsx';
import { Breadcrumbs, LiveStatus, namespaceCrumb } from '../components/shell.tsx';
import { Badge, Section, StateBadge, Table, Time } from '../components/ui.tsx';
import { collectionPath, historyPath, KINDS, type Kind } from '../lib/kinds.ts';
import { conditionsOf, hostOf, ipOf, isEncrypted, stateOf, type KubeObject } from '../lib/objects.ts';
import { useFollow, useLive, type Items } from '../state.ts';

const Summary = ({ object }: { object: KubeObject }) => {
  const rows: [string, ComponentChildren][] = [
    ['State', <StateBadge state={stateOf(object)} />],
    ['Created', <Time iso={object.metadata.creationTimestamp} absolute />],
    ['UID', <code>{object.metadata.uid ?? '–'}</code>],
    ['Resource version', object.metadata.resourceVersion ?? '–'],
  ];
  const host = hostOf(object);
  if (host) rows.push(['Host', host]);
  const ip = ipOf(object);
  if (ip) rows.push(['IP', ip]);
  if (object.kind === 'Pod' || object.kind === 'VirtualMachine') rows.push(['Encryption', isEncrypted(object) ? <Badge tone="good">Encrypted</Badge> : <Badge>Not encrypted</Badge>]);
  if (object.status?.message) rows.push(['Message', String(object.status.message)]);
  return (
    <dl class="summary">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
};

const Conditions = ({ object }: { object: KubeObject }) => {
  const conditions = conditionsOf(object);
  return (
    <Table caption="Conditions" head={['Type', 'Status', 'Reason', 'Message', 'Since']} empty={conditions.length === 0 && 'No conditions.'}>
      {conditions.map((c) => (
        <tr key={c.type}>
          <td>{c.type}</td>
          <td>
            <StateBadge state={c.status} />
          </td>
          <td>{c.reason ?? ''}</td>
          <td>{c.message ?? ''}</td>
          <td>
            <Time iso={c.lastTransitionTime ?? undefined} />
          </td>
        </tr>
      ))}
    </Table>
  );
};

const History = ({ events }: { events: KubeObject[] }) => (
  <Table caption="Event history" head={['#', 'Time', 'Event', 'What happened']} empty={events.length === 0 && 'No events.'}>
    {events.map((e, i) => (
      <tr key={e.metadata.name} class={e.type === 'Warning' ? 'warning' : ''}>
        <td>{i + 1}</td>
        <td>
          <Time iso={String(e.lastTimestamp ?? e.metadata.creationTimestamp ?? '')} absolute />
        </td>
        <td>{String(e.reason ?? '')}</td>
        <td class="message">{String(e.message ?? '')}</td>
      </tr>
    ))}
  </Table>
);

/** One object: where it stands, its conditions, its whole history, and its namespace at any past instant. */
export const ObjectPage = ({ kind, namespace, name }: { kind: Kind; namespace: string | null; name: string }) => {
  const live = useLive(collectionPath(kind, namespace, { fieldSelector: `metadata.name=${name}` }));
  const object = live.items[0];
  // Every change to the object is one more event in its history.
  const history = useFollow<Items>(historyPath(kind, namespace, name), [live.version]);
  const events = history.data?.items ?? [];
  const asOfNamespace = kind === KINDS.Namespace ? name : namespace;
  const trail = namespace ? [namespaceCrumb(namespace), { label: `${kind.title} ${name}` }] : [{ label: `${kind.title} ${name}` }];
  return (
    <main id="main" tabIndex={-1}>
      <Breadcrumbs trail={trail} />
      <div class="page-head">
        <h1>
          {kind.title} {name}
        </h1>
        <LiveStatus lives={[live]} />
      </div>
      {live.loaded && !object ? <p class="notice-inline">{name} does not exist now; its history and past states remain below.</p> : null}
      {object ? (
        <div class="columns">
          <Section id="status-title" title="Status">
            <Summary object={object} />
            {kind === KINDS.Node ? <HostMeters node={object} /> : null}
          </Section>
          <Section id="conditions-title" title="Conditions">
            <Conditions object={object} />
          </Section>
        </div>
      ) : null}
      {kind === KINDS.Node && object ? (
        <Section id="chart-title" title="Utilisation over time">
          <UtilisationChart nodes={[object]} version={live.version} only={name} />
        </Section>
      ) : null}
      <Section id="history-title" title={`History (${events.length} events)`}>
        {history.error ? <p class="error-text">{history.error}</p> : null}
        <History events={events} />
      </Section>
      {asOfNamespace ? (
        <Section id="as-of-title" title="Point in time">
          <AsOfPanel namespace={asOfNamespace} focus={{ kind: kind.kind, name }} history={events} />
        </Section>
      ) : null}
      {object ? (
        <Section id="object-title" title="Full object">
          <details>
            <summary>
              {object.apiVersion} {object.kind} as the API serves it
            </summary>
            <pre class="json">{JSON.stringify(object, null, 2)}</pre>
          </details>
        </Section>
      ) : null}
    </main>
  );
};
