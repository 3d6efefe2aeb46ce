import { useEffect, useState } from 'preact/hooks';
import { create, mergePatch } from '../api.ts';
import { apiVersionOf, collectionPath, KINDS, objectPath } from '../lib/kinds.ts';
import { conditionsOf, encryptionEnabled, governingPolicy, type KubeObject } from '../lib/objects.ts';
import { StateBadge, Switch, useAction } from './ui.tsx';

const priorities = ['High', 'Medium', 'Low'] as const;

/** Changes the namespace's governing NamespacePolicy, or creates the first one. */
export const usePolicyWriter = (namespace: string, policies: KubeObject[]) => {
  const [busy, run] = useAction();
  const write = (what: string, spec: Record<string, unknown>, done: string) => {
    const governing = governingPolicy(policies);
    return run(what, () =>
      governing
        ? mergePatch(objectPath(KINDS.NamespacePolicy, namespace, governing.metadata.name), { spec })
        : create(collectionPath(KINDS.NamespacePolicy, namespace), { apiVersion: apiVersionOf(KINDS.NamespacePolicy), kind: 'NamespacePolicy', metadata: { name: 'policy', namespace }, spec }),
      done,
    );
  };
  return [busy, write] as const;
};

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const Checklist = ({ legend, names, chosen, onChange, idPrefix }: { legend: string; names: string[]; chosen: string[]; onChange: (next: string[]) => void; idPrefix: string }) => (
  <fieldset class="checklist">
    <legend>{legend}</legend>
    {names.length === 0 ? <p class="muted small">None defined.</p> : null}
    {names.map((name) => (
      <label key={name} for={`${idPrefix}-${name}`}>
        <input id={`${idPrefix}-${name}`} type="checkbox" checked={chosen.includes(name)} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...chosen, name] : chosen.filter((c) => c !== name))} />
        {name}
      </label>
    ))}
  </fieldset>
);

/** Encryption, HA restart priority and the classes a namespace may use: one NamespacePolicy. */
export const PolicyPanel = ({ namespace, policies, vmClasses, storageClasses }: { namespace: string; policies: KubeObject[]; vmClasses: string[]; storageClasses: string[] }) => {
  const governing = governingPolicy(policies);
  const [busy, write] = usePolicyWriter(namespace, policies);
  const encrypted = encryptionEnabled(governing);
  const priority = (governing?.spec?.haRestartPriority as string | undefined) ?? 'Medium';
  const spec = governing?.spec ?? {};
  const [allowedVm, setAllowedVm] = useState<string[]>([]);
  const [allowedStorage, setAllowedStorage] = useState<string[]>([]);
  const [defaultStorage, setDefaultStorage] = useState('');
  const version = governing?.metadata.resourceVersion;
  useEffect(() => {
    setAllowedVm(listOf(spec.allowedVirtualMachineClasses ?? spec.vmClasses));
    setAllowedStorage(listOf(spec.allowedStorageClasses ?? spec.storageClasses));
    setDefaultStorage(typeof spec.defaultStorageClass === 'string' ? spec.defaultStorageClass : '');
  }, [version]);
  const status = governing?.status ?? {};
  const others = policies.filter((p) => p !== governing);
  return (
    <div class="policy">
      <Switch id="encryption-switch" checked={encrypted} disabled={busy} onChange={(next) => void write(next ? 'Enabling encryption' : 'Disabling encryption', { encryption: next ? 'Enabled' : 'Disabled' }, next ? `Encryption enabled for ${namespace}: every VM and pod VM is being encrypted.` : `Encryption disabled for ${namespace}: new objects are not encrypted.`)}>
        Encrypt every VM and pod VM of {namespace}
      </Switch>
      <label class="inline-field" for="ha-priority">
        <span>HA restart priority</span>
        <select id="ha-priority" value={priority} disabled={busy} onChange={(e) => void write('Changing the HA restart priority', { haRestartPriority: (e.target as HTMLSelectElement).value }, `HA restart priority of ${namespace} set to ${(e.target as HTMLSelectElement).value}.`)}>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {governing ? (
        <p class="policy-status">
          <StateBadge state={String(status.phase ?? 'Pending')} /> <span>{String(status.message ?? 'waiting for the controller')}</span>
          {conditionsOf(governing)
            .filter((c) => c.status !== 'True' && c.reason === 'Refused')
            .map((c) => (
              <span key={c.type} class="error-text">
                {' '}
                {c.message}
              </span>
            ))}
        </p>
      ) : (
        <p class="muted small">No NamespacePolicy yet: the first change creates one named “policy”.</p>
      )}
      <form
        class="class-assignment"
        onSubmit={(e) => {
          e.preventDefault();
          void write(
            'Assigning classes',
            { allowedVirtualMachineClasses: allowedVm, allowedStorageClasses: allowedStorage, defaultStorageClass: defaultStorage === '' ? null : defaultStorage },
            `Class assignment of ${namespace} saved.`,
          );
        }}
      >
        <div class="two">
          <Checklist legend="VM classes allowed (none checked: all)" names={vmClasses} chosen={allowedVm} onChange={setAllowedVm} idPrefix="vmclass" />
          <Checklist legend="Storage classes allowed (none checked: all)" names={storageClasses} chosen={allowedStorage} onChange={setAllowedStorage} idPrefix="storageclass" />
        </div>
        <label class="inline-field" for="default-storage">
          <span>Default storage class</span>
          <select id="default-storage" value={defaultStorage} onChange={(e) => setDefaultStorage((e.target as HTMLSelectElement).value)}>
            <option value="">(none)</option>
            {storageClasses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Save class assignment
          </button>
        </div>
      </form>
      {others.length > 0 ? <p class="muted small">Other policies in this namespace ({others.map((p) => p.metadata.name).join(', ')}) are refused: the oldest one governs.</p> : null}
    </div>
  );
};
