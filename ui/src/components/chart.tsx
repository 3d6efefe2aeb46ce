import { useEffect, useMemo, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { appendSample, stepPath, timeTicks, type Frame } from '../lib/chart.ts';
import { messageOf } from '../lib/errors.ts';
import type { KubeObject } from '../lib/objects.ts';
import { parseQuantity } from '../lib/quantity.ts';

type Metric = 'cpu' | 'memory' | 'podVMs';
type Usage = Record<Metric, number | null>;
interface Sample {
  t: number;
  hosts: Record<string, Usage>;
}

interface Utilisation {
  times: string[];
  hosts: { name: string; capacity: { cpuMillis: number; memoryBytes: number; podVMs: number }; cpuMillis: (number | null)[]; memoryBytes: (number | null)[]; podVMs: (number | null)[] }[];
}

const metrics: { id: Metric; label: string }[] = [
  { id: 'cpu', label: 'CPU' },
  { id: 'memory', label: 'Memory' },
  { id: 'podVMs', label: 'Pod VMs' },
];

const periods = [
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
];

const palette = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4d7c0f'];

const fraction = (used: number | null, total: number): number | null => (used === null || !(total > 0) ? null : used / total);

/** Allocation of each host now, from its Node status. */
export const usageOf = (node: KubeObject): Usage => {
  const allocated = node.status?.allocated ?? {};
  const capacity = node.status?.capacity ?? {};
  return {
    cpu: fraction(parseQuantity(allocated.cpu ?? 0), parseQuantity(capacity.cpu)),
    memory: fraction(parseQuantity(allocated.memory ?? 0), parseQuantity(capacity.memory)),
    podVMs: fraction(Number(allocated.podVMs ?? 0), parseQuantity(capacity.pods)),
  };
};

const fromHistory = (history: Utilisation): Sample[] =>
  history.times.map((time, i) => ({
    t: Date.parse(time),
    hosts: Object.fromEntries(
      history.hosts.map((h) => [h.name, { cpu: fraction(h.cpuMillis[i] ?? null, h.capacity.cpuMillis), memory: fraction(h.memoryBytes[i] ?? null, h.capacity.memoryBytes), podVMs: fraction(h.podVMs[i] ?? null, h.capacity.podVMs) }]),
    ),
  }));

const W = 960;
const H = 230;
const PAD = { left: 44, right: 12, top: 10, bottom: 26 };

/**
 * Host utilisation over time: the past replayed from the log by the server, then a sample for
 * every change the nodes watch brings. One line per host.
 */
export const UtilisationChart = ({ nodes, version, only }: { nodes: KubeObject[]; version: number; only?: string }) => {
  const [metric, setMetric] = useState<Metric>('cpu');
  const [minutes, setMinutes] = useState(60);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<string>();
  const since = Date.now() - minutes * 60_000;

  useEffect(() => {
    let current = true;
    setError(undefined);
    get<Utilisation>(`/admin/hosts/utilisation?since=${encodeURIComponent(new Date(Date.now() - minutes * 60_000).toISOString())}&points=120`).then(
      (history) => current && setSamples((live) => [...fromHistory(history), ...live.filter((s) => s.t > Date.parse(history.times[history.times.length - 1] ?? ''))]),
      (e: unknown) => current && setError(messageOf(e)),
    );
    return () => {
      current = false;
    };
  }, [minutes]);

  useEffect(() => {
    if (nodes.length === 0) return;
    const sample: Sample = { t: Date.now(), hosts: Object.fromEntries(nodes.map((n) => [n.metadata.name, usageOf(n)])) };
    setSamples((previous) => appendSample(previous, sample, Date.now() - minutes * 60_000, 2000));
  }, [version]);

  const names = useMemo(() => {
    const all = new Set<string>(nodes.map((n) => n.metadata.name));
    for (const s of samples) for (const name of Object.keys(s.hosts)) all.add(name);
    return [...all].filter((name) => !only || name === only).sort();
  }, [samples, nodes, only]);

  const frame: Frame = { width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom, t0: since, t1: Date.now() };
  const ticks = timeTicks(frame.t0, frame.t1, 6);
  const label = metrics.find((m) => m.id === metric)!.label;
  const latest = samples[samples.length - 1];
  const idBase = only ? `chart-${only}` : 'chart-all';

  return (
    <figure class="chart">
      <figcaption class="chart-controls">
        <fieldset class="segmented">
          <legend class="sr-only">Metric</legend>
          {metrics.map((m) => (
            <label key={m.id} class={metric === m.id ? 'on' : ''}>
              <input type="radio" name={`${idBase}-metric`} value={m.id} checked={metric === m.id} onChange={() => setMetric(m.id)} />
              {m.label}
            </label>
          ))}
        </fieldset>
        <label class="inline-field">
          <span>Period</span>
          <select value={String(minutes)} onChange={(e) => setMinutes(Number((e.target as HTMLSelectElement).value))}>
            {periods.map((p) => (
              <option key={p.minutes} value={String(p.minutes)}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
      {error ? <p class="error-text">History unavailable: {error}</p> : null}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} allocation of ${only ? `host ${only}` : 'each host'} over the ${periods.find((p) => p.minutes === minutes)?.label.toLowerCase()}, as a share of capacity`}>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {[0, 0.25, 0.5, 0.75, 1].map((v) => (
            <g key={v}>
              <line class="grid" x1={0} x2={frame.width} y1={frame.height * (1 - v)} y2={frame.height * (1 - v)} />
              <text class="axis" x={-6} y={frame.height * (1 - v) + 4} text-anchor="end">
                {v * 100}%
              </text>
            </g>
          ))}
          {ticks.map((t) => {
            const x = ((t - frame.t0) / (frame.t1 - frame.t0)) * frame.width;
            return (
              <text key={t} class="axis" x={x} y={frame.height + 18} text-anchor="middle">
                {new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
              </text>
            );
          })}
          {names.map((name, i) => (
            <path key={name} class="series" stroke={palette[i % palette.length]} d={stepPath(samples.map((s) => ({ t: s.t, v: s.hosts[name]?.[metric] ?? null })), frame)} />
          ))}
        </g>
      </svg>
      <ul class="legend" aria-label={`${label} now`}>
        {names.map((name, i) => {
          const value = latest?.hosts[name]?.[metric];
          return (
            <li key={name}>
              <span class="swatch" style={{ background: palette[i % palette.length] }} aria-hidden="true" />
              {name}: {value === null || value === undefined ? '–' : `${Math.round(value * 100)}%`}
            </li>
          );
        })}
      </ul>
    </figure>
  );
};
