import type { KubeObject } from '../lib/objects.ts';
import { quotaRows, type QuotaInput } from '../lib/quota.ts';
import { Meter } from './ui.tsx';

const fields: { key: keyof QuotaInput; label: string; placeholder: string }[] = [
  { key: 'cpu', label: 'CPU', placeholder: 'e.g. 8' },
  { key: 'memory', label: 'Memory', placeholder: 'e.g. 32Gi' },
  { key: 'storage', label: 'Storage', placeholder: 'e.g. 500Gi' },
  { key: 'pods', label: 'Pods', placeholder: 'e.g. 50' },
  { key: 'virtualMachines', label: 'VMs', placeholder: 'e.g. 20' },
];

export const QuotaFields = ({ idPrefix, value, onChange }: { idPrefix: string; value: QuotaInput; onChange: (next: QuotaInput) => void }) => (
  <fieldset class="quota-fields">
    <legend>Quota (leave a field empty for no limit)</legend>
    {fields.map((f) => (
      <label class="field" key={f.key} for={`${idPrefix}-${f.key}`}>
        <span>{f.label}</span>
        <input id={`${idPrefix}-${f.key}`} name={f.key} inputMode="text" placeholder={f.placeholder} value={value[f.key]} onInput={(e) => onChange({ ...value, [f.key]: (e.target as HTMLInputElement).value })} />
      </label>
    ))}
  </fieldset>
);

/** Used against hard, per resource, across the namespace's quotas. */
export const QuotaMeters = ({ namespace, quotas }: { namespace: string; quotas: KubeObject[] }) => {
  const rows = quotaRows(quotas);
  if (rows.length === 0) return <p class="muted">No quota: the namespace may use any free capacity.</p>;
  return (
    <div class="meters">
      {rows.map((row) => (
        <Meter key={row.resource} name={row.label} label={`${row.label} quota of ${namespace}`} used={row.used} total={row.hard} text={`${row.format(row.used)} of ${row.format(row.hard)}`} />
      ))}
    </div>
  );
};
