import type { ResourceType, Schema } from '../resource-type.ts';
import { ageColumn, fieldColumn, nameColumn, phaseColumn } from './columns.ts';
import { arr, bool, conditions, date, int, obj, oneOf, openObj, str, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

/** Pacific's own admin group: namespace-wide operations (the fleet issues give them behaviour). */
const group = 'pacific.io';

const adminStatus = (description: string, extra: Record<string, Schema> = {}): Schema =>
  openObj(description, {
    phase: str('The phase of the operation (Pending, Running, Succeeded, Failed).'),
    message: str('A human readable message about the phase.'),
    conditions: conditions(),
    ...extra,
  });

const adminKind = (kind: string, plural: string, shortName: string, description: string, specSchema: Schema, statusSchema: Schema): ResourceType => ({
  group,
  versions: ['v1alpha1'],
  kind,
  listKind: `${kind}List`,
  plural,
  singular: kind.toLowerCase(),
  shortNames: [shortName],
  categories: [],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status'],
  description,
  printerColumns: [nameColumn(), phaseColumn(), ageColumn()],
  specSchema,
  statusSchema,
});

const vmSet = arr('The VMs and pod VMs covered, with their per-object state.', openObj('One object of the namespace.', {
  kind: str('Kind of the object (VirtualMachine, Pod).'),
  name: str('Name of the object.'),
  phase: str('State of the operation for this object.'),
}));

export const pacificTypes: ResourceType[] = [
  adminKind('NamespacePolicy', 'namespacepolicies', 'nspol', 'NamespacePolicy sets policies that hold for every object of its namespace.',
    openObj('The policies of the namespace.', {
      encryption: obj('Namespace-wide encryption of VMs and pod VMs.', {
        enabled: bool('Encrypt every VM and pod VM of the namespace, existing and new.'),
        encryptionClassName: str('EncryptionClass providing the key.'),
      }),
      haRestartPriority: oneOf('Order in which workloads restart after a host failure.', ['High', 'Medium', 'Low']),
      defaultStorageClass: str('StorageClass used when an object names none.'),
      permissions: arr('Roles granted on the namespace.', obj('A role granted to a user or group.', {
        role: oneOf('The role.', ['Owner', 'CanEdit', 'CanView']),
        subject: obj('Who is granted the role.', { kind: oneOf('User or Group.', ['User', 'Group']), name: str('Name of the user or group.') }),
      })),
      vmClasses: strs('VirtualMachineClasses available in the namespace.'),
      storageClasses: strs('StorageClasses available in the namespace.'),
    }),
    adminStatus('The observed state of the policy.', { observedGeneration: int('The generation last applied to the namespace.') })),
  adminKind('NamespaceSnapshot', 'namespacesnapshots', 'nssnap', 'NamespaceSnapshot snapshots every VM of its namespace as one set.',
    openObj('What to snapshot.', { description: str('A description of the snapshot.'), memory: bool('Include the memory of powered-on VMs.') }),
    adminStatus('The observed state of the snapshot.', { takenAt: date('When the set was complete.'), objects: vmSet })),
  adminKind('NamespaceRestore', 'namespacerestores', 'nsrestore', 'NamespaceRestore reverts the VMs of its namespace to a NamespaceSnapshot.',
    openObj('What to restore.', { snapshotName: str('Name of the NamespaceSnapshot in the same namespace.') }),
    adminStatus('The observed state of the restore.', { completedAt: date('When every object was reverted.'), objects: vmSet })),
  adminKind('NamespaceMigration', 'namespacemigrations', 'nsmig', 'NamespaceMigration moves every workload of its namespace off given hosts, keeping it running.',
    openObj('What to move.', {
      fromNodes: strs('Hosts (nodes) to move the workloads of the namespace off.'),
      toNodes: strs('Hosts allowed as destinations; any ready host when empty.'),
    }),
    adminStatus('The observed state of the migration.', { completedAt: date('When every object was moved.'), objects: vmSet })),
  {
    ...adminKind('NamespacePermission', 'namespacepermissions', 'nsperm', 'NamespacePermission grants one role on its namespace (Owner, Edit or View) to a user or a group.',
      obj('The role granted and to whom.', {
        subject: obj('Who is granted the role.', { kind: oneOf('User or Group.', ['User', 'Group']), name: str('Name of the user or group.') }, { required: ['kind', 'name'] }),
        role: oneOf('View reads the namespace; Edit also writes its workloads; Owner also manages its permissions.', ['Owner', 'Edit', 'View']),
      }, { required: ['subject', 'role'] }),
      openObj('NamespacePermission has no status.')),
    subresources: [],
    printerColumns: [
      nameColumn(),
      fieldColumn('Role', 'The role granted.', ['spec', 'role']),
      fieldColumn('Kind', 'User or Group.', ['spec', 'subject', 'kind']),
      fieldColumn('Subject', 'The user or group granted the role.', ['spec', 'subject', 'name']),
      ageColumn(),
    ],
  },
];
