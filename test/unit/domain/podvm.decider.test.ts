import { describe, expect, it } from 'vitest';
import { podVmDecider, podVmLimits, podVmRequests, type PodVMCommand, type PodVMEvent, type PodVMState } from '../../../src/domain/podvm/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(podVmDecider);
const MiB = 2 ** 20;
const T0 = '2026-11-25T09:00:00.000Z';
const key = { namespace: 'shop', name: 'web-1' };
const web = { name: 'web', image: 'nginx:1.27', requests: { cpuMillis: 250, memoryBytes: 128 * MiB }, limits: { cpuMillis: 500, memoryBytes: 256 * MiB } };
const created: PodVMEvent = {
  type: 'PodVMCreated',
  data: { ...key, uid: 'p-1', labels: { app: 'web' }, annotations: {}, containers: [web], nodeSelector: {}, restartPolicy: 'Always', priority: 0, givenSpec: {}, createdAt: T0 },
};
type CreateData = Extract<PodVMCommand, { type: 'CreatePodVM' }>['data'];
const create = (data: Partial<CreateData> = {}, now = T0): PodVMCommand => ({
  type: 'CreatePodVM',
  data: { ...key, uid: 'p-1', labels: { app: 'web' }, containers: [web], ...data },
  metadata: at(now),
});
const cmd = (type: PodVMCommand['type'], data: Record<string, unknown> = {}, now?: string): PodVMCommand =>
  ({ type, data: { ...key, ...data }, metadata: at(now) }) as PodVMCommand;
const scheduled = (host = 'esx-01'): PodVMEvent => ({ type: 'PodVMScheduled', data: { ...key, host } });
const started: PodVMEvent = { type: 'PodVMStarted', data: { ...key, host: 'esx-01', ip: '10.1.0.2', startedAt: 't1' } };
const failed: PodVMEvent = { type: 'PodVMFailed', data: { ...key, host: 'esx-01', reason: 'HostFailed', message: 'esx-01 stopped responding', failedAt: 't2' } };
const terminating: PodVMEvent = { type: 'PodVMDeletionRequested', data: { ...key, deletionTimestamp: '2026-11-25T10:00:30.000Z', gracePeriodSeconds: 30 } };
const deleted: PodVMEvent = { type: 'PodVMDeleted', data: { ...key, host: null, deletedAt: 't' } };
const live = (state: PodVMState) => {
  if (state.status === 'Absent' || state.status === 'Deleted') throw new Error(`expected a live podvm, got ${state.status}`);
  return state;
};

describe('PodVM decider', () => {
  it('happy path: create, schedule, start, restart elsewhere, delete', () => {
    let state = spec.given([]).when(create()).then([created]);
    expect(live(state)).toMatchObject({ status: 'Pending', host: null, restartCount: 0, deletionTimestamp: null });
    state = spec.given([created]).when(cmd('SchedulePodVM', { host: 'esx-01' })).then([scheduled()]);
    expect(live(state)).toMatchObject({ status: 'Scheduled', host: 'esx-01' });
    state = spec.given([created, scheduled()]).when(cmd('StartPodVM', { ip: '10.1.0.2' }, 't1')).then([started]);
    expect(live(state)).toMatchObject({ status: 'Running', host: 'esx-01', ip: '10.1.0.2', startedAt: 't1' });
    const restarted: PodVMEvent = { type: 'PodVMRestartedElsewhere', data: { ...key, fromHost: 'esx-01', toHost: 'esx-02', reason: 'HostFailed', restartCount: 1 } };
    state = spec.given([created, scheduled(), started]).when(cmd('RestartPodVMElsewhere', { host: 'esx-02', reason: 'HostFailed' })).then([restarted]);
    expect(live(state)).toMatchObject({ status: 'Scheduled', host: 'esx-02', ip: null, startedAt: null, restartCount: 1 });
    state = spec
      .given([created, scheduled(), started, restarted])
      .when(cmd('DeletePodVM', {}, 't9'))
      .then([{ type: 'PodVMDeleted', data: { ...key, host: 'esx-02', deletedAt: 't9' } }]);
    expect(state).toEqual({ status: 'Deleted', ...key, uid: 'p-1', deletedAt: 't9' });
  });

  describe('create', () => {
    it('fills defaults and keeps only the given container fields', () => {
      spec
        .given([])
        .when(create({ containers: [{ name: 'app', image: 'busybox' }], nodeSelector: { zone: 'a' }, restartPolicy: 'Never', priority: 10, annotations: { a: 'b' } }))
        .then([{ type: 'PodVMCreated', data: { ...key, uid: 'p-1', labels: { app: 'web' }, annotations: { a: 'b' }, containers: [{ name: 'app', image: 'busybox' }], nodeSelector: { zone: 'a' }, restartPolicy: 'Never', priority: 10, givenSpec: {}, createdAt: T0 } }]);
    });
    it('refuses a live pod of the same name', () => {
      spec.given([created]).when(create({ uid: 'p-2' })).thenThrows('AlreadyExists');
      spec.given([created, terminating]).when(create({ uid: 'p-2' })).thenThrows('AlreadyExists');
    });
    it('creates a new incarnation after deletion', () => {
      const state = spec.given([created, deleted]).when(create({ uid: 'p-2' }, 't5')).then([{ ...created, data: { ...created.data, uid: 'p-2', createdAt: 't5' } } as PodVMEvent]);
      expect(live(state)).toMatchObject({ status: 'Pending', uid: 'p-2', restartCount: 0 });
    });
    it('refuses bad names', () => {
      spec.given([]).when(create({ namespace: 'Shop' })).thenThrows('Invalid', /metadata.namespace/);
      spec.given([]).when(create({ namespace: 'a.b' })).thenThrows('Invalid', /metadata.namespace/);
      spec.given([]).when(create({ name: 'web_1' })).thenThrows('Invalid', /metadata.name/);
    });
    it('refuses a pod without containers', () => {
      spec.given([]).when(create({ containers: [] })).thenThrows('Invalid', /spec.containers: Required value/);
    });
    it('refuses duplicate or malformed container names and empty images, naming the fields', () => {
      let error: unknown;
      try {
        podVmDecider.decide(create({ containers: [web, { ...web, image: ' ' }, { name: 'Bad_Name', image: 'x' }] }), podVmDecider.initialState());
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({
        reason: 'Invalid',
        causes: [
          { field: 'spec.containers[1].name', message: 'Duplicate value: "web"' },
          { field: 'spec.containers[1].image', message: 'Required value' },
          { field: 'spec.containers[2].name' },
        ],
      });
    });
    it('refuses requests above limits and negative amounts', () => {
      const greedy = { name: 'app', image: 'x', requests: { cpuMillis: 600, memoryBytes: MiB }, limits: { cpuMillis: 500, memoryBytes: MiB } };
      spec.given([]).when(create({ containers: [greedy] })).thenThrows('Invalid', /spec.containers\[0\].resources.requests.cpu: must be less than or equal to cpu limit/);
      spec.given([]).when(create({ containers: [{ name: 'app', image: 'x', requests: { cpuMillis: -1, memoryBytes: 0 } }] })).thenThrows('Invalid', /resources.requests/);
      spec.given([]).when(create({ containers: [{ name: 'app', image: 'x', limits: { cpuMillis: 100, memoryBytes: MiB } }] })).then([
        { ...created, data: { ...created.data, containers: [{ name: 'app', image: 'x', limits: { cpuMillis: 100, memoryBytes: MiB } }] } } as PodVMEvent,
      ]);
    });
    it('refuses an unknown restart policy or a fractional priority', () => {
      spec.given([]).when(create({ restartPolicy: 'Sometimes' as never })).thenThrows('Invalid', /spec.restartPolicy/);
      spec.given([]).when(create({ priority: 1.5 })).thenThrows('Invalid', /spec.priority/);
    });
  });

  describe('resources', () => {
    it('sums container requests and limits; missing amounts add nothing', () => {
      const sidecar = { name: 'log', image: 'fluent-bit', requests: { cpuMillis: 50, memoryBytes: 32 * MiB } };
      expect(podVmRequests([web, sidecar, { name: 'x', image: 'y' }])).toEqual({ cpuMillis: 300, memoryBytes: 160 * MiB });
      expect(podVmLimits([web, sidecar])).toEqual({ cpuMillis: 500, memoryBytes: 256 * MiB });
      expect(podVmRequests([])).toEqual({ cpuMillis: 0, memoryBytes: 0 });
    });
  });

  describe('metadata', () => {
    it('changes labels and annotations; the same again changes nothing', () => {
      const changed: PodVMEvent = { type: 'PodVMMetadataChanged', data: { ...key, labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' }, finalizers: [] } };
      spec.given([created]).when(cmd('UpdatePodVMMetadata', { labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' } })).then([changed]);
      spec.given([created, changed]).when(cmd('UpdatePodVMMetadata', { labels: { tier: 'front', app: 'web' }, annotations: { note: 'x' } })).then([]);
    });
  });

  describe('restart in place', () => {
    it('records a Running pod booted again on its own host, counting the restart', () => {
      const state = spec
        .given([created, scheduled(), started])
        .when(cmd('RestartPodVMInPlace', { reason: 'lost on host esx-01' }, 't5'))
        .then([{ type: 'PodVMRestartedInPlace', data: { ...key, host: 'esx-01', reason: 'lost on host esx-01', restartCount: 1, restartedAt: 't5' } }]);
      expect(live(state)).toMatchObject({ status: 'Running', host: 'esx-01', ip: '10.1.0.2', restartCount: 1, startedAt: 't5' });
    });
    it('refuses a pod that is not Running, is being deleted, or has no reason', () => {
      spec.given([created, scheduled()]).when(cmd('RestartPodVMInPlace', { reason: 'x' })).thenThrows('Conflict', /only a Running podvm/);
      spec.given([created, scheduled(), started, terminating]).when(cmd('RestartPodVMInPlace', { reason: 'x' })).thenThrows('Conflict', /being deleted/);
      spec.given([created, scheduled(), started]).when(cmd('RestartPodVMInPlace', { reason: ' ' })).thenThrows('Invalid');
    });
  });

  describe('finalizers', () => {
    const held: PodVMEvent = { ...created, data: { ...created.data, finalizers: ['backup.example.com/snapshot'] } } as PodVMEvent;
    const metadata = (finalizers: string[]) => ({ labels: { app: 'web' }, annotations: {}, finalizers });
    const heldTerminating: PodVMEvent = { type: 'PodVMDeletionRequested', data: { ...key, deletionTimestamp: 't5', gracePeriodSeconds: 0 } };

    it('keeps the finalizers given at creation, once each', () => {
      const state = spec.given([]).when(create({ finalizers: ['backup.example.com/snapshot', 'backup.example.com/snapshot'] })).then([held]);
      expect(live(state).finalizers).toEqual(['backup.example.com/snapshot']);
      spec.given([]).when(create({ finalizers: [''] })).thenThrows('Invalid', /metadata.finalizers\[0\]/);
    });

    it('a delete held by finalizers marks the pod for deletion now; asking again changes nothing', () => {
      const state = spec.given([held, scheduled(), started]).when(cmd('DeletePodVM', {}, '2026-11-25T10:00:00.000Z')).then([
        { type: 'PodVMDeletionRequested', data: { ...key, deletionTimestamp: '2026-11-25T10:00:00.000Z', gracePeriodSeconds: 0 } },
      ]);
      expect(live(state)).toMatchObject({ status: 'Running', deletionTimestamp: '2026-11-25T10:00:00.000Z', finalizers: ['backup.example.com/snapshot'] });
      const marked: PodVMEvent = { type: 'PodVMDeletionRequested', data: { ...key, deletionTimestamp: '2026-11-25T10:00:00.000Z', gracePeriodSeconds: 0 } };
      spec.given([held, marked]).when(cmd('DeletePodVM', {}, '2026-11-25T10:00:05.000Z')).then([]);
    });

    it('removing the last finalizer of a pod being deleted deletes it; removing it earlier only changes metadata', () => {
      const state = spec
        .given([held, scheduled(), heldTerminating])
        .when(cmd('UpdatePodVMMetadata', metadata([]), 't6'))
        .then([
          { type: 'PodVMMetadataChanged', data: { ...key, ...metadata([]) } },
          { type: 'PodVMDeleted', data: { ...key, host: 'esx-01', deletedAt: 't6' } },
        ]);
      expect(state.status).toBe('Deleted');
      const kept = spec.given([held]).when(cmd('UpdatePodVMMetadata', metadata([]))).then([{ type: 'PodVMMetadataChanged', data: { ...key, ...metadata([]) } }]);
      expect(live(kept).finalizers).toEqual([]);
      spec.given([created]).when(cmd('DeletePodVM', {}, 't7')).then([{ type: 'PodVMDeleted', data: { ...key, host: null, deletedAt: 't7' } }]);
    });

    it('refuses a new finalizer once deletion started, but not dropping one of several', () => {
      const two: PodVMEvent = { ...created, data: { ...created.data, finalizers: ['a.example.com/x', 'b.example.com/y'] } } as PodVMEvent;
      spec.given([two, heldTerminating]).when(cmd('UpdatePodVMMetadata', metadata(['a.example.com/x', 'c.example.com/z']))).thenThrows('Invalid', /no new finalizers can be added/);
      spec.given([two, heldTerminating]).when(cmd('UpdatePodVMMetadata', metadata(['b.example.com/y']))).then([{ type: 'PodVMMetadataChanged', data: { ...key, ...metadata(['b.example.com/y']) } }]);
    });

    it('a metadata change written before pods kept finalizers leaves them as they were', () => {
      const old: PodVMEvent = { type: 'PodVMMetadataChanged', data: { ...key, labels: { app: 'old' }, annotations: {} } };
      expect(live([held, old].reduce(podVmDecider.evolve, podVmDecider.initialState())).finalizers).toEqual(['backup.example.com/snapshot']);
    });
  });

  describe('placement', () => {
    it('schedules only a Pending pod; scheduling to the same host again changes nothing', () => {
      spec.given([created, scheduled()]).when(cmd('SchedulePodVM', { host: 'esx-01' })).then([]);
      spec.given([created, scheduled()]).when(cmd('SchedulePodVM', { host: 'esx-02' })).thenThrows('Conflict', /Scheduled on host esx-01/);
      spec.given([created, scheduled(), started]).when(cmd('SchedulePodVM', { host: 'esx-01' })).thenThrows('Conflict');
      spec.given([created]).when(cmd('SchedulePodVM', { host: 'ESX 1' })).thenThrows('Invalid');
    });
    it('starts only a Scheduled pod; starting again with the same ip changes nothing', () => {
      spec.given([created]).when(cmd('StartPodVM', { ip: '10.1.0.2' })).thenThrows('Conflict', /only a Scheduled podvm/);
      spec.given([created, scheduled(), started]).when(cmd('StartPodVM', { ip: '10.1.0.2' })).then([]);
      spec.given([created, scheduled(), started]).when(cmd('StartPodVM', { ip: '10.1.0.3' })).thenThrows('Conflict');
      spec.given([created, scheduled()]).when(cmd('StartPodVM', { ip: '10.1.0.300' })).thenThrows('Invalid');
    });
    it('fails from Scheduled or Running, keeping the host; failing again changes nothing', () => {
      const state = spec.given([created, scheduled(), started]).when(cmd('FailPodVM', { reason: 'HostFailed', message: 'esx-01 stopped responding' }, 't2')).then([failed]);
      expect(live(state)).toMatchObject({ status: 'Failed', host: 'esx-01', reason: 'HostFailed' });
      spec.given([created, scheduled(), started, failed]).when(cmd('FailPodVM', { reason: 'HostFailed', message: 'again' })).then([]);
      spec.given([created]).when(cmd('FailPodVM', { reason: 'HostFailed', message: '' })).thenThrows('Conflict');
    });
    it('restarts elsewhere from Scheduled, Running or Failed, counting restarts', () => {
      spec
        .given([created, scheduled(), started, failed])
        .when(cmd('RestartPodVMElsewhere', { host: 'esx-03', reason: 'HostFailed' }))
        .then([{ type: 'PodVMRestartedElsewhere', data: { ...key, fromHost: 'esx-01', toHost: 'esx-03', reason: 'HostFailed', restartCount: 1 } }]);
      const first: PodVMEvent = { type: 'PodVMRestartedElsewhere', data: { ...key, fromHost: 'esx-01', toHost: 'esx-02', reason: 'Drain', restartCount: 1 } };
      spec
        .given([created, scheduled(), first])
        .when(cmd('RestartPodVMElsewhere', { host: 'esx-03', reason: 'Drain' }))
        .then([{ type: 'PodVMRestartedElsewhere', data: { ...key, fromHost: 'esx-02', toHost: 'esx-03', reason: 'Drain', restartCount: 2 } }]);
    });
    it('refuses a restart on the same host or of a Pending pod', () => {
      spec.given([created, scheduled(), started]).when(cmd('RestartPodVMElsewhere', { host: 'esx-01', reason: 'x' })).thenThrows('Invalid', /must differ/);
      spec.given([created]).when(cmd('RestartPodVMElsewhere', { host: 'esx-01', reason: 'x' })).thenThrows('Conflict');
    });
    it('evicts back to Pending without a host, and records why a pending pod waits', () => {
      const evicted: PodVMEvent = { type: 'PodVMEvicted', data: { ...key, fromHost: 'esx-01', reason: 'HostFailed' } };
      const state = spec.given([created, scheduled(), started, failed]).when(cmd('EvictPodVM', { reason: 'HostFailed' })).then([evicted]);
      expect(live(state)).toMatchObject({ status: 'Pending', host: null, ip: null, reason: 'HostFailed' });
      const waiting: PodVMEvent = { type: 'PodVMEvicted', data: { ...key, fromHost: null, reason: 'Unschedulable: no host has room' } };
      spec.given([created]).when(cmd('EvictPodVM', { reason: 'Unschedulable: no host has room' })).then([waiting]);
      spec.given([created, waiting]).when(cmd('EvictPodVM', { reason: 'Unschedulable: no host has room' })).then([]);
      spec.given([created, waiting]).when(cmd('SchedulePodVM', { host: 'esx-02' })).then([scheduled('esx-02')]);
    });
  });

  describe('encryption', () => {
    const encrypted: PodVMEvent = { type: 'PodVMEncrypted', data: key };
    it('creates a pod encrypted when asked, and says so only then', () => {
      const state = spec.given([]).when(create({ encrypted: true })).then([{ ...created, data: { ...created.data, encrypted: true } } as PodVMEvent]);
      expect(live(state).encrypted).toBe(true);
      expect(live(spec.given([]).when(create({ encrypted: false })).then([created])).encrypted).toBe(false);
    });
    it('encrypts a pod once, wherever it runs; encrypting again changes nothing', () => {
      const state = spec.given([created, scheduled(), started]).when(cmd('EncryptPodVM')).then([encrypted]);
      expect(live(state)).toMatchObject({ status: 'Running', host: 'esx-01', encrypted: true });
      spec.given([created, encrypted]).when(cmd('EncryptPodVM')).then([]);
      spec.given([{ ...created, data: { ...created.data, encrypted: true } } as PodVMEvent]).when(cmd('EncryptPodVM')).then([]);
    });
    it('keeps encryption across a restart elsewhere', () => {
      const restarted: PodVMEvent = { type: 'PodVMRestartedElsewhere', data: { ...key, fromHost: 'esx-01', toHost: 'esx-02', reason: 'Drain', restartCount: 1 } };
      const state = spec.given([created, scheduled(), started, encrypted]).when(cmd('EvictPodVM', { reason: 'x' })).then([{ type: 'PodVMEvicted', data: { ...key, fromHost: 'esx-01', reason: 'x' } }]);
      expect(live(state).encrypted).toBe(true);
      expect(live([created, scheduled(), encrypted, restarted].reduce(podVmDecider.evolve, podVmDecider.initialState())).encrypted).toBe(true);
    });
    it('refuses a terminating, deleted or unknown pod', () => {
      spec.given([created, terminating]).when(cmd('EncryptPodVM')).thenThrows('Conflict', /being deleted/);
      spec.given([created, deleted]).when(cmd('EncryptPodVM')).thenThrows('NotFound');
      spec.given([]).when(cmd('EncryptPodVM')).thenThrows('NotFound');
    });
  });

  describe('deletion', () => {
    it('requests graceful deletion: the pod stays, Terminating, until its grace period ends', () => {
      const state = spec.given([created, scheduled(), started]).when(cmd('RequestPodVMDeletion', {}, '2026-11-25T10:00:00.000Z')).then([terminating]);
      expect(live(state)).toMatchObject({ status: 'Running', deletionTimestamp: '2026-11-25T10:00:30.000Z', deletionGracePeriodSeconds: 30 });
    });
    it('a second request changes nothing unless it shortens the grace period', () => {
      spec.given([created, terminating]).when(cmd('RequestPodVMDeletion', {}, '2026-11-25T10:00:10.000Z')).then([]);
      spec
        .given([created, terminating])
        .when(cmd('RequestPodVMDeletion', { gracePeriodSeconds: 0 }, '2026-11-25T10:00:10.000Z'))
        .then([{ type: 'PodVMDeletionRequested', data: { ...key, deletionTimestamp: '2026-11-25T10:00:10.000Z', gracePeriodSeconds: 0 } }]);
      spec.given([created]).when(cmd('RequestPodVMDeletion', { gracePeriodSeconds: -1 })).thenThrows('Invalid');
    });
    it('a terminating pod is neither scheduled, started nor restarted', () => {
      spec.given([created, terminating]).when(cmd('SchedulePodVM', { host: 'esx-01' })).thenThrows('Conflict', /being deleted/);
      spec.given([created, scheduled(), terminating]).when(cmd('StartPodVM', { ip: '10.1.0.2' })).thenThrows('Conflict', /being deleted/);
      spec.given([created, scheduled(), terminating]).when(cmd('RestartPodVMElsewhere', { host: 'esx-02', reason: 'x' })).thenThrows('Conflict', /being deleted/);
    });
    it('deletes from any live state, reporting the host to release', () => {
      spec.given([created]).when(cmd('DeletePodVM', {}, 't')).then([deleted]);
      spec.given([created, scheduled(), started, failed, terminating]).when(cmd('DeletePodVM', {}, 't')).then([{ type: 'PodVMDeleted', data: { ...key, host: 'esx-01', deletedAt: 't' } }]);
    });
    it('a deleted or unknown pod takes no commands', () => {
      spec.given([created, deleted]).when(cmd('DeletePodVM')).thenThrows('NotFound', /podvms "web-1" not found/);
      spec.given([created, deleted]).when(cmd('SchedulePodVM', { host: 'esx-01' })).thenThrows('NotFound');
      spec.given([]).when(cmd('UpdatePodVMMetadata', { labels: {}, annotations: {} })).thenThrows('NotFound');
    });
  });
});
