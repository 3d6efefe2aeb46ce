import { useState } from 'preact/hooks';
import { create, remove } from '../api.ts';
import { apiVersionOf, collectionPath, KINDS, objectPath } from '../lib/kinds.ts';
import type { KubeObject } from '../lib/objects.ts';
import { Table, useAction } from './ui.tsx';

const roles = ['View', 'Edit', 'Owner'];

/** A DNS-1123 name for a grant: `user-alice`, `group-ops-team`. */
const grantName = (kind: string, subject: string): string =>
  `${kind}-${subject}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');

/** Who may do what in the namespace: one NamespacePermission per user or group. */
export const PermissionsPanel = ({ namespace, permissions, onChanged }: { namespace: string; permissions: KubeObject[]; onChanged: () => void }) => {
  const [kind, setKind] = useState('User');
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState('Edit');
  const [busy, run] = useAction();
  const grant = (event: Event): void => {
    event.preventDefault();
    const name = subject.trim();
    if (!name) return;
    void run(
      'Granting the role',
      () => create(collectionPath(KINDS.NamespacePermission, namespace), { apiVersion: apiVersionOf(KINDS.NamespacePermission), kind: 'NamespacePermission', metadata: { name: grantName(kind, name), namespace }, spec: { subject: { kind, name }, role } }),
      `${kind} ${name} may now ${role.toLowerCase()} in ${namespace}.`,
    ).then((ok) => {
      if (ok) {
        setSubject('');
        onChanged();
      }
    });
  };
  const revoke = (permission: KubeObject): void => {
    void run('Revoking', () => remove(objectPath(KINDS.NamespacePermission, namespace, permission.metadata.name)), `Permission ${permission.metadata.name} revoked.`).then((ok) => ok && onChanged());
  };
  return (
    <div>
      <Table caption={`Permissions on ${namespace}`} head={['Subject', 'Kind', 'Role', '']} empty={permissions.length === 0 && 'Only administrators have access.'}>
        {permissions.map((p) => (
          <tr key={p.metadata.name}>
            <td>{String(p.spec?.subject?.name ?? '')}</td>
            <td>{String(p.spec?.subject?.kind ?? '')}</td>
            <td>{String(p.spec?.role ?? '')}</td>
            <td>
              <button type="button" disabled={busy} onClick={() => revoke(p)} aria-label={`Revoke ${p.spec?.role} from ${p.spec?.subject?.name}`}>
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </Table>
      <form class="row-form" onSubmit={grant}>
        <label class="field" for="grant-kind">
          <span>Subject kind</span>
          <select id="grant-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
            <option value="User">User</option>
            <option value="Group">Group</option>
          </select>
        </label>
        <label class="field grow" for="grant-subject">
          <span>Name</span>
          <input id="grant-subject" value={subject} required onInput={(e) => setSubject((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field" for="grant-role">
          <span>Role</span>
          <select id="grant-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Grant
        </button>
      </form>
    </div>
  );
};
