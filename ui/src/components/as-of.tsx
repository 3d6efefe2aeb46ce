import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { messageOf } from '../lib/errors.ts';
import { kindNamed } from '../lib/kinds.ts';
import { hostOf, isEncrypted, stateOf, type KubeObject } from '../lib/objects.ts';
import { Badge, StateBadge, Table } from './ui.tsx';

interface AsOfList {
  asOf: string;
  metadata: { resourceVersion: string };
  items: KubeObject[];
}

// Seeded catalog content (classes, images) would drown the workloads.
const shownKinds = new Set(['Namespace', 'Pod', 'VirtualMachine', 'TanzuKubernetesCluster', 'ResourceQuota', 'PersistentVolumeClaim', 'NamespacePolicy', 'NamespaceSnapshot', 'NamespaceRestore', 'NamespaceMigration', 'NamespacePermission']);

const pad = (n: number) => String(n).padStart(2, '0');
/** The instant as a datetime-local value (local time, to the second). */
const localInput = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/**
 * The namespace as it was at an instant, rebuilt by the server from the log: step through the
 * object's own history, or pick any instant.
 */
export const AsOfPanel = ({ namespace, focus, history }: { namespace: string; focus?: { kind: string; name: string }; history: KubeObject[] }) => {
  const times = history.map((e) => String(e.lastTimestamp ?? e.metadata.creationTimestamp ?? '')).filter(Boolean);
  const [step, setStep] = useState<number | undefined>(undefined);
  const [instant, setInstant] = useState('');
  const [asOf, setAsOf] = useState<number>();
  const [result, setResult] = useState<AsOfList>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (asOf === undefined) return undefined;
    let current = true;
    setLoading(true);
    // Dragging the slider asks only for the instant it rests on.
    const timer = setTimeout(() => {
      get<AsOfList>(`/admin/namespaces/${encodeURIComponent(namespace)}/as-of?time=${encodeURIComponent(new Date(asOf).toISOString())}`).then(
        (list) => {
          if (!current) return;
          setResult(list);
          setError('');
          setLoading(false);
        },
        (e: unknown) => {
          if (!current) return;
          setError(messageOf(e));
          setLoading(false);
        },
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [asOf, namespace]);

  const chooseStep = (index: number): void => {
    setStep(index);
    const at = Date.parse(times[index]!);
    setInstant(localInput(at));
    setAsOf(at);
  };
  const items = (result?.items ?? []).filter((o) => shownKinds.has(String(o.kind)));
  const focused = items.find((o) => focus && o.kind === focus.kind && o.metadata.name === focus.name);
  const event = step !== undefined ? history[step] : undefined;

  return (
    <div class="as-of">
      <div class="two">
        {times.length > 0 ? (
          <label class="field" for="as-of-step">
            <span>
              Step through {focus ? `${focus.name}'s` : 'the'} history ({step === undefined ? 'choose a step' : `event ${step + 1} of ${times.length}: ${String(event?.reason ?? '')}`})
            </span>
            <input id="as-of-step" type="range" min={0} max={times.length - 1} step={1} value={step ?? times.length - 1} onInput={(e) => chooseStep(Number((e.target as HTMLInputElement).value))} aria-valuetext={event ? `${String(event.reason)} at ${times[step!]}` : undefined} />
          </label>
        ) : null}
        <form
          class="row-form"
          onSubmit={(e) => {
            e.preventDefault();
            const at = Date.parse(instant);
            if (Number.isNaN(at)) return setError('Choose an instant first.');
            setStep(undefined);
            setAsOf(at);
          }}
        >
          <label class="field grow" for="as-of-instant">
            <span>Or any instant (your local time)</span>
            <input id="as-of-instant" type="datetime-local" step={1} value={instant} onInput={(e) => setInstant((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Show</button>
        </form>
      </div>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div aria-live="polite" aria-busy={loading}>
        {result ? (
          <>
            <h3 class="as-of-title">
              {namespace} as of <time dateTime={result.asOf}>{new Date(result.asOf).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}</time> <span class="muted small">(log position {result.metadata.resourceVersion})</span>
            </h3>
            {items.some((o) => o.kind === 'Namespace') ? null : <p>The namespace did not exist then.</p>}
            <Table caption={`Objects of ${namespace} as of ${result.asOf}`} head={['Kind', 'Name', 'State', 'Host', 'Encryption']} empty={items.length === 0 && 'Nothing.'}>
              {items.map((o) => (
                <tr key={`${o.kind}/${o.metadata.name}`} class={o === focused ? 'focus' : ''} data-kind={o.kind} data-name={o.metadata.name}>
                  <td>{kindNamed(String(o.kind))?.title ?? String(o.kind)}</td>
                  <td>{o.metadata.name}</td>
                  <td>
                    <StateBadge state={stateOf(o)} />
                  </td>
                  <td>{hostOf(o) ?? ''}</td>
                  <td>{o.kind === 'Pod' || o.kind === 'VirtualMachine' ? isEncrypted(o) ? <Badge tone="good">Encrypted</Badge> : <Badge>Not encrypted</Badge> : ''}</td>
                </tr>
              ))}
            </Table>
            {focused ? (
              <details>
                <summary>
                  {focus!.name} as it was then
                </summary>
                <pre class="json">{JSON.stringify(focused, null, 2)}</pre>
              </details>
            ) : focus && focus.kind !== 'Namespace' ? (
              <p class="muted">{focus.name} did not exist then.</p>
            ) : null}
          </>
        ) : (
          <p class="muted">Choose a step or an instant to see the namespace as it was.</p>
        )}
      </div>
    </div>
  );
};
