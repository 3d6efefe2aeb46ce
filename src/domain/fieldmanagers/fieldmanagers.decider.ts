import { assertNever, type Decider } from '../shared/decider.ts';
import { invalid } from '../shared/errors.ts';
import type { FieldManagersCommand } from './commands.ts';
import type { FieldManagersEvent, ManagedFieldsEntry } from './events.ts';

export interface FieldManagersAbsent {
  status: 'Absent';
}

/** Entries belong to the incarnation `objectUid`: a deleted and recreated object starts with none. */
export interface FieldManagersKept {
  status: 'Recorded';
  objectUid: string;
  entries: ManagedFieldsEntry[];
}

export type FieldManagersState = FieldManagersAbsent | FieldManagersKept;

export const fieldManagersInitialState = (): FieldManagersState => ({ status: 'Absent' });

export const fieldManagersEvolve = (_state: FieldManagersState, event: FieldManagersEvent): FieldManagersState => {
  switch (event.type) {
    case 'FieldManagersRecorded':
      return { status: 'Recorded', objectUid: event.data.objectUid, entries: event.data.entries };
    case 'FieldManagersForgotten':
      return { status: 'Absent' };
    default:
      return assertNever(event);
  }
};

const isEntry = (value: unknown): value is ManagedFieldsEntry =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { manager?: unknown }).manager === 'string';

export const fieldManagersDecide = (command: FieldManagersCommand, state: FieldManagersState): FieldManagersEvent[] => {
  switch (command.type) {
    case 'RecordFieldManagers': {
      const { objectUid, entries } = command.data;
      if (typeof objectUid !== 'string' || objectUid === '') throw invalid('objectUid: Required value', [{ field: 'objectUid', message: 'Required value' }]);
      if (!Array.isArray(entries) || !entries.every(isEntry)) {
        throw invalid('metadata.managedFields: Invalid value: each entry must be an object naming its manager', [{ field: 'metadata.managedFields', message: 'each entry must name its manager' }]);
      }
      if (state.status === 'Recorded' && state.objectUid === objectUid && JSON.stringify(state.entries) === JSON.stringify(entries)) return [];
      return [{ type: 'FieldManagersRecorded', data: { objectUid, entries } }];
    }
    case 'ForgetFieldManagers':
      if (state.status !== 'Recorded' || state.objectUid !== command.data.objectUid) return [];
      return [{ type: 'FieldManagersForgotten', data: { objectUid: command.data.objectUid } }];
    default:
      return assertNever(command);
  }
};

export const fieldManagersDecider: Decider<FieldManagersState, FieldManagersCommand, FieldManagersEvent> = {
  initialState: fieldManagersInitialState,
  evolve: fieldManagersEvolve,
  decide: fieldManagersDecide,
};
