import { describe, expect, it } from 'vitest';
import { RetryLater, runPending } from '../../../src/application/controllers/namespace-ops-context.ts';
import { governingPolicy, parseMigrationSpec, parsePolicySpec, parseRestoreSpec } from '../../../src/application/controllers/namespace-ops-spec.ts';
import {
  encryptionCounts,
  operationPhase,
  operationStatus,
  policyStatus,
  progressMessage,
  refusedStatus,
  setCondition,
  type ObjectProgress,
} from '../../../src/application/controllers/namespace-ops-status.ts';
import type { CatalogItemLive } from '../../../src/domain/catalog/index.ts';
import { DomainError } from '../../../src/domain/shared/errors.ts';

const T1 = '2026-11-25T10:00:00.000Z';
const T2 = '2026-11-25T10:05:00.000Z';
const done = (name: string): ObjectProgress => ({ name, phase: 'Completed' });
const pending = (name: string): ObjectProgress => ({ name, phase: 'Pending' });

describe('namespace operation status math', () => {
  it('moves a condition\'s lastTransitionTime only when its status flips', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'InProgress', message: '1/2' }, T1);
    expect(first).toEqual([{ type: 'Ready', status: 'False', reason: 'InProgress', message: '1/2', lastTransitionTime: T1 }]);
    const progressed = setCondition(first, { type: 'Ready', status: 'False', reason: 'InProgress', message: '2/2' }, T2);
    expect(progressed[0]).toMatchObject({ message: '2/2', lastTransitionTime: T1 });
    const flipped = setCondition([{ type: 'Other', status: 'True', reason: 'x', message: '', lastTransitionTime: T1 }, ...progressed], { type: 'Ready', status: 'True', reason: 'Completed', message: 'done' }, T2);
    expect(flipped.map((condition) => [condition.type, condition.lastTransitionTime])).toEqual([['Other', T1], ['Ready', T2]]);
  });

  it('derives the phase of an operation from its objects', () => {
    expect(operationPhase([])).toBe('Completed');
    expect(operationPhase([done('a'), pending('b')])).toBe('InProgress');
    expect(operationPhase([done('a'), { name: 'b', phase: 'Failed' }, pending('c')])).toBe('InProgress');
    expect(operationPhase([done('a'), { name: 'b', phase: 'Failed' }])).toBe('Failed');
    expect(operationPhase([done('a'), { name: 'b', phase: 'Skipped' }])).toBe('Completed');
  });

  it('counts progress in words', () => {
    expect(progressMessage([done('a'), pending('b'), { name: 'c', phase: 'Failed' }, { name: 'd', phase: 'Skipped' }], 'snapshotted')).toBe('1/4 snapshotted, 1 failed, 1 skipped');
    expect(progressMessage([], 'moved')).toBe('0/0 moved');
  });

  it('writes the same status for the same progress, and stamps completedAt once', () => {
    const inProgress = operationStatus({}, { virtualMachines: [done('a'), pending('b')] }, 'snapshotted', T1);
    expect(inProgress).toMatchObject({ phase: 'InProgress', message: '1/2 snapshotted' });
    expect(inProgress.completedAt).toBeUndefined();
    expect(operationStatus(inProgress, { virtualMachines: [done('a'), pending('b')] }, 'snapshotted', T2)).toEqual(inProgress);
    const completed = operationStatus(inProgress, { virtualMachines: [done('a'), done('b')] }, 'snapshotted', T2);
    expect(completed).toMatchObject({ phase: 'Completed', completedAt: T2, conditions: [{ type: 'Ready', status: 'True', reason: 'Completed', lastTransitionTime: T2 }] });
    expect(operationStatus(completed, { virtualMachines: [done('a'), done('b')] }, 'snapshotted', '2026-11-25T11:00:00.000Z')).toEqual(completed);
  });

  it('reports pod VMs only for operations that move them, and keeps extra fields', () => {
    const status = operationStatus({}, { virtualMachines: [done('vm')], podVMs: [pending('pod')] }, 'moved', T1, { snapshotName: 's' });
    expect(status).toMatchObject({ snapshotName: 's', phase: 'InProgress', message: '1/2 moved', podVMs: [pending('pod')] });
    expect(operationStatus({}, { virtualMachines: [] }, 'moved', T1)).not.toHaveProperty('podVMs');
  });

  it('refuses an operation as a whole, keeping what was recorded', () => {
    const status = refusedStatus({ virtualMachines: [done('a')] }, 'SnapshotNotFound', 'NamespaceSnapshot "x" not found', T1, { snapshotName: 'x' });
    expect(status).toEqual({
      snapshotName: 'x',
      phase: 'Failed',
      reason: 'SnapshotNotFound',
      message: 'NamespaceSnapshot "x" not found',
      virtualMachines: [done('a')],
      conditions: [{ type: 'Ready', status: 'False', reason: 'SnapshotNotFound', message: 'NamespaceSnapshot "x" not found', lastTransitionTime: T1 }],
    });
  });

  it('counts encrypted objects and says whether the policy is applied', () => {
    const counts = encryptionCounts([{ encrypted: true }, { encrypted: false }], [{ encrypted: true }]);
    expect(counts).toEqual({ encryptedVirtualMachines: 1, totalVirtualMachines: 2, encryptedPodVMs: 1, totalPodVMs: 1 });
    const spec = { encryption: true, haRestartPriority: 'High' as const, defaultStorageClass: null, allowedStorageClasses: [], allowedVirtualMachineClasses: [] };
    const applying = policyStatus({}, { generation: 3, spec, counts, applying: true }, T1);
    expect(applying).toMatchObject({ phase: 'Applying', observedGeneration: 3, encryption: 'Enabled', haRestartPriority: 'High', ...counts });
    expect(applying.message).toBe('1/2 virtual machines and 1/1 pod VMs encrypted');
    const applied = policyStatus(applying, { generation: 3, spec, counts: encryptionCounts([{ encrypted: true }, { encrypted: true }], [{ encrypted: true }]), applying: false }, T2);
    expect(applied).toMatchObject({ phase: 'Applied', conditions: [{ type: 'Ready', status: 'True', reason: 'Applied', lastTransitionTime: T2 }] });
    expect(policyStatus({}, { generation: 1, spec: { ...spec, encryption: false }, counts, applying: false }, T1)).toMatchObject({ encryption: 'Disabled' });
  });
});

describe('namespace operation specs', () => {
  it('reads a policy in the documented shape, with defaults', () => {
    expect(parsePolicySpec({})).toEqual({
      ok: true,
      value: { encryption: false, haRestartPriority: 'Medium', defaultStorageClass: null, allowedStorageClasses: [], allowedVirtualMachineClasses: [] },
    });
    expect(parsePolicySpec({ encryption: 'Enabled', haRestartPriority: 'Low', defaultStorageClass: 'gold', allowedStorageClasses: ['gold', 'gold', 'silver'], allowedVirtualMachineClasses: ['small'] })).toEqual({
      ok: true,
      value: { encryption: true, haRestartPriority: 'Low', defaultStorageClass: 'gold', allowedStorageClasses: ['gold', 'silver'], allowedVirtualMachineClasses: ['small'] },
    });
  });

  it('accepts the names the published schema used first', () => {
    const parsed = parsePolicySpec({ encryption: { enabled: true }, vmClasses: ['small'], storageClasses: ['gold'] });
    expect(parsed).toMatchObject({ ok: true, value: { encryption: true, allowedVirtualMachineClasses: ['small'], allowedStorageClasses: ['gold'] } });
    expect(parseMigrationSpec({ fromNodes: ['esx-01'], toNodes: ['esx-02'] })).toEqual({ ok: true, value: { fromHosts: ['esx-01'], toHosts: ['esx-02'] } });
  });

  it('lists every problem of a bad policy', () => {
    const parsed = parsePolicySpec({ encryption: 'Maybe', haRestartPriority: 'Urgent', allowedStorageClasses: 'gold', defaultStorageClass: 'bronze', allowedVirtualMachineClasses: [1] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      'spec.encryption: Unsupported value: "Maybe": supported values: "Enabled", "Disabled"',
      'spec.haRestartPriority: Unsupported value: "Urgent": supported values: "High", "Medium", "Low"',
      'spec.allowedStorageClasses: must be a list of names',
      'spec.allowedVirtualMachineClasses: must be a list of names',
    ]);
    expect(parsePolicySpec({ allowedStorageClasses: ['gold'], defaultStorageClass: 'bronze' })).toEqual({
      ok: false,
      problems: ['spec.defaultStorageClass: "bronze" is not among spec.allowedStorageClasses'],
    });
  });

  it('requires source hosts and a snapshot name', () => {
    expect(parseMigrationSpec({})).toEqual({ ok: false, problems: ['spec.fromHosts: Required value'] });
    expect(parseMigrationSpec({ fromHosts: ['esx-01'], toHosts: ['esx-01', 'esx-02'] })).toEqual({ ok: false, problems: ['spec.toHosts: esx-01 cannot be both a source and a destination'] });
    expect(parseRestoreSpec({})).toEqual({ ok: false, problems: ['spec.snapshotName: Required value'] });
    expect(parseRestoreSpec({ snapshotName: 'nightly' })).toEqual({ ok: true, value: { snapshotName: 'nightly' } });
  });

  it('lets the oldest policy of a namespace govern it', () => {
    const policy = (name: string, createdAt: string, deletionTimestamp: string | null = null) => ({ name, createdAt, deletionTimestamp }) as CatalogItemLive;
    expect(governingPolicy([])).toBeUndefined();
    expect(governingPolicy([policy('b', T2), policy('c', T1), policy('a', T2)])!.name).toBe('c');
    expect(governingPolicy([policy('b', T1), policy('a', T1)])!.name).toBe('a');
    expect(governingPolicy([policy('a', T1, T2), policy('b', T2)])!.name).toBe('b');
  });
});

describe('runPending', () => {
  it('acts on pending objects only, records after each round, and asks for a retry after transient failures', async () => {
    const records: string[][] = [];
    const seen: string[] = [];
    const objects: ObjectProgress[] = [done('a'), pending('b'), pending('c'), pending('d'), { name: 'e', phase: 'Failed' }];
    const step = async (object: ObjectProgress): Promise<ObjectProgress> => {
      seen.push(object.name);
      if (object.name === 'c') throw new Error('host not responding');
      if (object.name === 'd') throw new DomainError('Invalid', 'bad');
      return { name: object.name, phase: 'Completed' };
    };
    const run = runPending(objects, step, async (progress) => void records.push(progress.map((object) => `${object.name}:${object.phase}`)), {
      concurrency: 2,
      retryable: (error) => !(error instanceof DomainError),
    });
    await expect(run).rejects.toBeInstanceOf(RetryLater);
    expect(seen.sort()).toEqual(['b', 'c', 'd']);
    expect(records).toEqual([
      ['a:Completed', 'b:Completed', 'c:Pending', 'd:Pending', 'e:Failed'],
      ['a:Completed', 'b:Completed', 'c:Pending', 'd:Failed', 'e:Failed'],
    ]);
  });

  it('records once per round however many run at once', async () => {
    let recorded = 0;
    const objects = Array.from({ length: 10 }, (_, index) => pending(`o${index}`));
    const result = await runPending(objects, async (object) => ({ ...object, phase: 'Completed' as const }), async () => void recorded++, { concurrency: 1, round: 4, retryable: () => true });
    expect(result.every((object) => object.phase === 'Completed')).toBe(true);
    expect(recorded).toBe(3);
  });
});
