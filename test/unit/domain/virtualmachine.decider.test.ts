import { describe, expect, it } from 'vitest';
import {
  virtualMachineDecider,
  type VirtualMachineCommand,
  type VirtualMachineEvent,
} from '../../../src/domain/virtualmachine/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(virtualMachineDecider);
const ref = { namespace: 'shop', name: 'db' };
const small = { cpuMillis: 2000, memoryBytes: 4 * 2 ** 30 };
const large = { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30 };

type DataOf<U extends { type: string; data: object }, T extends U['type']> = Omit<Extract<U, { type: T }>['data'], 'namespace' | 'name'> & { name?: string };
const command = <T extends VirtualMachineCommand['type']>(type: T, data: DataOf<VirtualMachineCommand, T>, now?: string): VirtualMachineCommand =>
  ({ type, data: { ...ref, ...data }, metadata: at(now) }) as VirtualMachineCommand;
const event = <T extends VirtualMachineEvent['type']>(type: T, ...[data]: {} extends DataOf<VirtualMachineEvent, T> ? [DataOf<VirtualMachineEvent, T>?] : [DataOf<VirtualMachineEvent, T>]): VirtualMachineEvent =>
  ({ type, data: { ...ref, ...data } }) as VirtualMachineEvent;

const createData = {
  uid: 'u-1',
  labels: { app: 'db' },
  className: 'best-effort-small',
  imageName: 'ubuntu-22.04',
  storageClass: 'gold',
  volumes: [{ name: 'data', claimName: 'db-data' }],
  powerState: 'PoweredOn' as const,
  resources: small,
};
const created = event('VirtualMachineCreated', {
  ...createData,
  annotations: {},
  givenSpec: {},
  encrypted: false,
  createdAt: '2026-11-25T09:00:00.000Z',
});
const placed = event('VirtualMachinePlaced', { host: 'esx-01' });
const poweredOn = event('VirtualMachinePoweredOn', { ip: '10.1.0.2', host: 'esx-01' });
const running = [created, placed, poweredOn];
const deletionRequested = event('VirtualMachineDeletionRequested', { deletionTimestamp: 't' });
const deleted = event('VirtualMachineDeleted', { host: 'esx-01', deletedAt: 't' });

describe('VirtualMachine decider', () => {
  describe('create', () => {
    it('creates a pending, powered-off VM whose spec asks for the requested power state', () => {
      const state = spec.given([]).when(command('CreateVirtualMachine', createData, '2026-11-25T09:00:00.000Z')).then([created]);
      expect(state).toMatchObject({ status: 'Pending', host: null, powerState: 'PoweredOff', desiredPowerState: 'PoweredOn' });
    });
    it('refuses a second VM with the same name', () => {
      spec.given([created]).when(command('CreateVirtualMachine', { ...createData, uid: 'u-2' })).thenThrows('AlreadyExists');
    });
    it('refuses missing class, image or storage class with field causes', () => {
      let thrown: unknown;
      try {
        virtualMachineDecider.decide(command('CreateVirtualMachine', { ...createData, className: '', imageName: ' ', storageClass: '' }), virtualMachineDecider.initialState());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        reason: 'Invalid',
        causes: [
          { field: 'spec.className', message: 'Required value' },
          { field: 'spec.imageName', message: 'Required value' },
          { field: 'spec.storageClass', message: 'Required value' },
        ],
      });
    });
    it('refuses duplicate volume names, a bad power state, negative resources and a bad name', () => {
      const twice = [{ name: 'data', claimName: 'a' }, { name: 'data', claimName: 'b' }];
      spec.given([]).when(command('CreateVirtualMachine', { ...createData, volumes: twice })).thenThrows('Invalid', /spec.volumes\[1\].name: Duplicate value/);
      spec.given([]).when(command('CreateVirtualMachine', { ...createData, powerState: 'On' as never })).thenThrows('Invalid', /spec.powerState/);
      spec.given([]).when(command('CreateVirtualMachine', { ...createData, resources: { cpuMillis: -1, memoryBytes: 0 } })).thenThrows('Invalid');
      spec.given([]).when(command('CreateVirtualMachine', { ...createData, name: 'DB_1' })).thenThrows('Invalid', /RFC 1123/);
    });
    it('recreates a deleted VM as a new incarnation', () => {
      const state = spec
        .given([...running, deletionRequested, deleted])
        .when(command('CreateVirtualMachine', { ...createData, uid: 'u-2', volumes: [], encrypted: true }, '2026-11-25T11:00:00.000Z'))
        .then([event('VirtualMachineCreated', { ...createData, uid: 'u-2', volumes: [], annotations: {}, encrypted: true, givenSpec: {}, createdAt: '2026-11-25T11:00:00.000Z' })]);
      expect(state).toMatchObject({ status: 'Pending', uid: 'u-2', host: null, ip: null, snapshots: {}, encrypted: true });
    });
  });

  describe('metadata and desired power state', () => {
    it('replaces labels and keeps annotations when they are omitted; the same metadata changes nothing', () => {
      spec.given([created]).when(command('UpdateVirtualMachineMetadata', { labels: { app: 'pg' } })).then([event('VirtualMachineMetadataChanged', { labels: { app: 'pg' }, annotations: {}, finalizers: [] })]);
      spec.given([created]).when(command('UpdateVirtualMachineMetadata', { labels: { app: 'db' } })).then([]);
    });
    it('changes spec.powerState, idempotently', () => {
      spec.given([created]).when(command('ChangeVirtualMachineDesiredPowerState', { powerState: 'PoweredOff' })).then([event('VirtualMachineDesiredPowerStateChanged', { powerState: 'PoweredOff' })]);
      spec.given([created]).when(command('ChangeVirtualMachineDesiredPowerState', { powerState: 'PoweredOn' })).then([]);
      spec.given([created]).when(command('ChangeVirtualMachineDesiredPowerState', { powerState: 'Off' as never })).thenThrows('Invalid');
    });
  });

  describe('placement and power', () => {
    it('places a pending VM once; the same host again changes nothing; another host needs a migration', () => {
      spec.given([created]).when(command('PlaceVirtualMachine', { host: 'esx-01' })).then([placed]);
      spec.given([created, placed]).when(command('PlaceVirtualMachine', { host: 'esx-01' })).then([]);
      spec.given([created, placed]).when(command('PlaceVirtualMachine', { host: 'esx-02' })).thenThrows('Conflict', /migrate/);
    });
    it('powers on a placed VM with its address, once', () => {
      const state = spec.given([created, placed]).when(command('PowerOnVirtualMachine', { ip: '10.1.0.2' })).then([poweredOn]);
      expect(state).toMatchObject({ status: 'Placed', powerState: 'PoweredOn', ip: '10.1.0.2' });
      spec.given(running).when(command('PowerOnVirtualMachine', { ip: '10.1.0.2' })).then([]);
      spec.given(running).when(command('PowerOnVirtualMachine', { ip: '10.1.0.9' })).thenThrows('Conflict');
    });
    it('does not power on a VM that is not placed', () => {
      spec.given([created]).when(command('PowerOnVirtualMachine', { ip: '10.1.0.2' })).thenThrows('Conflict', /not placed/);
    });
    it('refuses a malformed address', () => {
      spec.given([created, placed]).when(command('PowerOnVirtualMachine', { ip: '10.1.0.256' })).thenThrows('Invalid');
    });
    it('powers off with a mode; an already powered-off VM changes nothing', () => {
      const state = spec.given(running).when(command('PowerOffVirtualMachine', { mode: 'Soft' })).then([event('VirtualMachinePoweredOff', { mode: 'Soft', host: 'esx-01' })]);
      expect(state).toMatchObject({ powerState: 'PoweredOff', ip: '10.1.0.2' });
      spec.given([created]).when(command('PowerOffVirtualMachine', { mode: 'Hard' })).then([]);
      spec.given(running).when(command('PowerOffVirtualMachine', { mode: 'Gentle' as never })).thenThrows('Invalid', /powerOffMode/);
    });
    it('suspends only a powered-on VM, and resumes it by powering on', () => {
      const suspended = event('VirtualMachineSuspended', { mode: 'Hard', host: 'esx-01' });
      spec.given(running).when(command('SuspendVirtualMachine', {})).then([suspended]);
      spec.given([...running, suspended]).when(command('SuspendVirtualMachine', {})).then([]);
      spec.given([created, placed]).when(command('SuspendVirtualMachine', { mode: 'Soft' })).thenThrows('Conflict', /PoweredOff/);
      spec.given([...running, suspended]).when(command('PowerOnVirtualMachine', { ip: '10.1.0.2' })).then([poweredOn]);
    });
  });

  describe('resize and volumes', () => {
    it('resizes to another class, idempotently', () => {
      const state = spec
        .given(running)
        .when(command('ResizeVirtualMachine', { className: 'best-effort-large', resources: large }))
        .then([event('VirtualMachineResized', { fromClass: 'best-effort-small', toClass: 'best-effort-large', resources: large })]);
      expect(state).toMatchObject({ className: 'best-effort-large', resources: large });
      spec.given(running).when(command('ResizeVirtualMachine', { className: 'best-effort-small', resources: small })).then([]);
      spec.given(running).when(command('ResizeVirtualMachine', { className: '', resources: small })).thenThrows('Invalid', /spec.className/);
    });
    it('attaches a volume once; a name in use for another claim or a claim already attached is refused', () => {
      spec.given(running).when(command('AttachVirtualMachineVolume', { volumeName: 'logs', claimName: 'db-logs' })).then([event('VirtualMachineVolumeAttached', { volumeName: 'logs', claimName: 'db-logs' })]);
      spec.given(running).when(command('AttachVirtualMachineVolume', { volumeName: 'data', claimName: 'db-data' })).then([]);
      spec.given(running).when(command('AttachVirtualMachineVolume', { volumeName: 'data', claimName: 'other' })).thenThrows('AlreadyExists');
      spec.given(running).when(command('AttachVirtualMachineVolume', { volumeName: 'again', claimName: 'db-data' })).thenThrows('Conflict');
    });
    it('detaches a volume; detaching an unknown volume changes nothing', () => {
      const state = spec.given(running).when(command('DetachVirtualMachineVolume', { volumeName: 'data' })).then([event('VirtualMachineVolumeDetached', { volumeName: 'data', claimName: 'db-data' })]);
      expect(state).toMatchObject({ volumes: [] });
      spec.given(running).when(command('DetachVirtualMachineVolume', { volumeName: 'nope' })).then([]);
    });
  });

  describe('snapshots', () => {
    const taken = event('VirtualMachineSnapshotTaken', { snapshotName: 'before-upgrade', powerState: 'PoweredOn', className: 'best-effort-small', resources: small, takenAt: '2026-11-25T10:00:00.000Z' });
    const resized = event('VirtualMachineResized', { fromClass: 'best-effort-small', toClass: 'best-effort-large', resources: large });
    const off = event('VirtualMachinePoweredOff', { mode: 'Hard', host: 'esx-01' });
    it('takes a snapshot of the current power state and class', () => {
      spec.given(running).when(command('TakeVirtualMachineSnapshot', { snapshotName: 'before-upgrade' }, '2026-11-25T10:00:00.000Z')).then([taken]);
    });
    it('keeps snapshot names unique per VM and needs a placed VM', () => {
      spec.given([...running, taken]).when(command('TakeVirtualMachineSnapshot', { snapshotName: 'before-upgrade' })).thenThrows('AlreadyExists');
      spec.given([created]).when(command('TakeVirtualMachineSnapshot', { snapshotName: 's1' })).thenThrows('Conflict', /not placed/);
    });
    it('reverts to a snapshot, restoring its power state and class in spec and status', () => {
      const state = spec
        .given([...running, taken, resized, off])
        .when(command('RevertVirtualMachineSnapshot', { snapshotName: 'before-upgrade' }))
        .then([event('VirtualMachineSnapshotReverted', { snapshotName: 'before-upgrade', powerState: 'PoweredOn', className: 'best-effort-small', resources: small })]);
      expect(state).toMatchObject({ powerState: 'PoweredOn', desiredPowerState: 'PoweredOn', className: 'best-effort-small', resources: small, currentSnapshot: 'before-upgrade' });
    });
    it('does not revert to an unknown snapshot', () => {
      spec.given([...running, taken]).when(command('RevertVirtualMachineSnapshot', { snapshotName: 'nope' })).thenThrows('NotFound', /nope/);
    });
    it('deletes a snapshot, which can then no longer be reverted to', () => {
      const snapshotDeleted = event('VirtualMachineSnapshotDeleted', { snapshotName: 'before-upgrade' });
      const state = spec.given([...running, taken]).when(command('DeleteVirtualMachineSnapshot', { snapshotName: 'before-upgrade' })).then([snapshotDeleted]);
      expect(state).toMatchObject({ snapshots: {}, currentSnapshot: null });
      spec.given([...running, taken, snapshotDeleted]).when(command('RevertVirtualMachineSnapshot', { snapshotName: 'before-upgrade' })).thenThrows('NotFound');
      spec.given(running).when(command('DeleteVirtualMachineSnapshot', { snapshotName: 'nope' })).thenThrows('NotFound');
    });
  });

  describe('migration and HA', () => {
    it('migrates a placed VM to another host', () => {
      const state = spec.given(running).when(command('MigrateVirtualMachine', { toHost: 'esx-02' })).then([event('VirtualMachineMigrated', { fromHost: 'esx-01', toHost: 'esx-02' })]);
      expect(state).toMatchObject({ host: 'esx-02', powerState: 'PoweredOn' });
    });
    it('does not migrate to the same host, nor an unplaced VM', () => {
      spec.given(running).when(command('MigrateVirtualMachine', { toHost: 'esx-01' })).thenThrows('Conflict', /already runs on host esx-01/);
      spec.given([created]).when(command('MigrateVirtualMachine', { toHost: 'esx-02' })).thenThrows('Conflict', /not placed/);
    });
    it('restarts elsewhere after a host failure', () => {
      const state = spec
        .given(running)
        .when(command('RestartVirtualMachineElsewhere', { host: 'esx-03', reason: 'host esx-01 failed' }))
        .then([event('VirtualMachineRestartedElsewhere', { fromHost: 'esx-01', toHost: 'esx-03', reason: 'host esx-01 failed' })]);
      expect(state).toMatchObject({ host: 'esx-03' });
      spec.given(running).when(command('RestartVirtualMachineElsewhere', { host: 'esx-01', reason: 'x' })).thenThrows('Conflict');
      spec.given([created]).when(command('RestartVirtualMachineElsewhere', { host: 'esx-03', reason: 'x' })).thenThrows('Conflict');
    });
  });

  describe('encryption', () => {
    const encrypted = event('VirtualMachineEncrypted', { encryptionClassName: 'default' });
    it('encrypts and decrypts, idempotently', () => {
      spec.given(running).when(command('EncryptVirtualMachine', { encryptionClassName: 'default' })).then([encrypted]);
      spec.given([...running, encrypted]).when(command('EncryptVirtualMachine', { encryptionClassName: 'default' })).then([]);
      spec.given([...running, encrypted]).when(command('EncryptVirtualMachine', {})).then([event('VirtualMachineEncrypted', { encryptionClassName: null })]);
      spec.given([...running, encrypted]).when(command('DecryptVirtualMachine', {})).then([event('VirtualMachineDecrypted')]);
      spec.given(running).when(command('DecryptVirtualMachine', {})).then([]);
    });
  });

  describe('deletion', () => {
    it('marks for deletion once, then deletes, reporting the host it frees', () => {
      spec.given(running).when(command('RequestVirtualMachineDeletion', {}, 't')).then([deletionRequested]);
      spec.given([...running, deletionRequested]).when(command('RequestVirtualMachineDeletion', {})).then([]);
      const state = spec.given([...running, deletionRequested]).when(command('DeleteVirtualMachine', {}, 't')).then([deleted]);
      expect(state).toEqual({ status: 'Deleted', namespace: 'shop', name: 'db', uid: 'u-1', deletedAt: 't' });
      spec.given([created, deletionRequested]).when(command('DeleteVirtualMachine', {}, 't')).then([event('VirtualMachineDeleted', { host: null, deletedAt: 't' })]);
    });
    it('cannot be deleted without being marked first', () => {
      spec.given(running).when(command('DeleteVirtualMachine', {})).thenThrows('Conflict', /marked for deletion/);
    });
    it('gains nothing new while being deleted, but can still be powered off and stripped', () => {
      spec.given([...running, deletionRequested]).when(command('AttachVirtualMachineVolume', { volumeName: 'x', claimName: 'y' })).thenThrows('Conflict', /being deleted/);
      spec.given([created, deletionRequested]).when(command('PlaceVirtualMachine', { host: 'esx-01' })).thenThrows('Conflict', /being deleted/);
      spec.given([...running, deletionRequested]).when(command('PowerOffVirtualMachine', { mode: 'Hard' })).then([event('VirtualMachinePoweredOff', { mode: 'Hard', host: 'esx-01' })]);
      spec.given([...running, deletionRequested]).when(command('DetachVirtualMachineVolume', { volumeName: 'data' })).then([event('VirtualMachineVolumeDetached', { volumeName: 'data', claimName: 'db-data' })]);
    });
    it('a deleted VM takes no commands', () => {
      const gone = [...running, deletionRequested, deleted];
      spec.given(gone).when(command('PowerOnVirtualMachine', { ip: '10.1.0.2' })).thenThrows('NotFound');
      spec.given(gone).when(command('RequestVirtualMachineDeletion', {})).thenThrows('NotFound');
      spec.given(gone).when(command('DeleteVirtualMachine', {})).thenThrows('NotFound');
      spec.given([]).when(command('PlaceVirtualMachine', { host: 'esx-01' })).thenThrows('NotFound');
    });
  });

  describe('the spec as given', () => {
    it('keeps fields Pacific does not act on and moves generation when they change', () => {
      const givenSpec = { bootstrap: { cloudInit: { rawCloudConfig: 'x' } } };
      const state = spec
        .given([created])
        .when(command('ChangeVirtualMachineGivenSpec', { givenSpec }))
        .then([event('VirtualMachineGivenSpecChanged', { givenSpec })]);
      expect(state).toMatchObject({ givenSpec, generation: 2 });
      spec.given([created, event('VirtualMachineGivenSpecChanged', { givenSpec })]).when(command('ChangeVirtualMachineGivenSpec', { givenSpec })).then([]);
    });
  });

  describe('finalizers', () => {
    const finalizer = 'backup.example.com/vm';
    const held = event('VirtualMachineCreated', { ...(created.data as object), finalizers: [finalizer] } as never);

    it('keeps the finalizers given at creation', () => {
      const state = spec.given([]).when(command('CreateVirtualMachine', { ...createData, finalizers: [finalizer, finalizer] })).then([
        event('VirtualMachineCreated', { ...createData, annotations: {}, givenSpec: {}, encrypted: false, finalizers: [finalizer], createdAt: '2026-11-25T10:00:00.000Z' }),
      ]);
      expect(state.status !== 'Absent' && state.status !== 'Deleted' && state.finalizers).toEqual([finalizer]);
    });

    it('holds a marked VM until its last finalizer is removed, which deletes it', () => {
      spec.given([held, placed, poweredOn, deletionRequested]).when(command('DeleteVirtualMachine', {}, 't')).then([]);
      const state = spec
        .given([held, placed, poweredOn, deletionRequested])
        .when(command('UpdateVirtualMachineMetadata', { finalizers: [] }, 't2'))
        .then([event('VirtualMachineMetadataChanged', { labels: { app: 'db' }, annotations: {}, finalizers: [] }), event('VirtualMachineDeleted', { host: 'esx-01', deletedAt: 't2' })]);
      expect(state.status).toBe('Deleted');
      spec.given([held, deletionRequested]).when(command('UpdateVirtualMachineMetadata', { finalizers: [finalizer, 'more.example.com/x'] })).thenThrows('Invalid', /no new finalizers/);
    });

    it('labels alone leave the finalizers; a change written before VMs kept them leaves them too', () => {
      spec.given([held]).when(command('UpdateVirtualMachineMetadata', { labels: { app: 'pg' } })).then([event('VirtualMachineMetadataChanged', { labels: { app: 'pg' }, annotations: {}, finalizers: [finalizer] })]);
      const old = event('VirtualMachineMetadataChanged', { labels: { app: 'old' }, annotations: {} });
      const state = [held, old].reduce(virtualMachineDecider.evolve, virtualMachineDecider.initialState());
      expect(state.status !== 'Absent' && state.status !== 'Deleted' && state.finalizers).toEqual([finalizer]);
    });
  });
});
