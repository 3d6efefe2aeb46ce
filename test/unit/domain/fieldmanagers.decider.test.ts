import { describe, expect, it } from 'vitest';
import { fieldManagersDecider, type FieldManagersCommand, type FieldManagersEvent } from '../../../src/domain/fieldmanagers/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(fieldManagersDecider);
const alice = { manager: 'alice', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } } };
const record = (objectUid: string, entries: unknown[]): FieldManagersCommand => ({ type: 'RecordFieldManagers', data: { objectUid, entries: entries as never }, metadata: at() });
const recorded = (objectUid: string, entries: unknown[]): FieldManagersEvent => ({ type: 'FieldManagersRecorded', data: { objectUid, entries: entries as never } });

describe('FieldManagers decider', () => {
  it('records the managers of an incarnation; the same again records nothing', () => {
    const state = spec.given([]).when(record('u-1', [alice])).then([recorded('u-1', [alice])]);
    expect(state).toEqual({ status: 'Recorded', objectUid: 'u-1', entries: [alice] });
    spec.given([recorded('u-1', [alice])]).when(record('u-1', [alice])).then([]);
  });

  it('a new incarnation (another uid) starts over, even with equal entries', () => {
    spec.given([recorded('u-1', [alice])]).when(record('u-2', [alice])).then([recorded('u-2', [alice])]);
  });

  it('refuses entries that name no manager, and a missing uid', () => {
    spec.given([]).when(record('u-1', [{ operation: 'Apply' }])).thenThrows('Invalid', /managedFields/);
    spec.given([]).when(record('', [alice])).thenThrows('Invalid', /objectUid/);
  });

  it('forgets the managers of the incarnation named, not of another one', () => {
    const forget = (objectUid: string): FieldManagersCommand => ({ type: 'ForgetFieldManagers', data: { objectUid }, metadata: at() });
    const state = spec.given([recorded('u-1', [alice])]).when(forget('u-1')).then([{ type: 'FieldManagersForgotten', data: { objectUid: 'u-1' } }]);
    expect(state).toEqual({ status: 'Absent' });
    spec.given([recorded('u-2', [alice])]).when(forget('u-1')).then([]);
    spec.given([]).when(forget('u-1')).then([]);
  });
});
