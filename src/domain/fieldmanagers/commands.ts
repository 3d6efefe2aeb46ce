import type { Command } from '../shared/decider.ts';
import type { ManagedFieldsEntry } from './events.ts';

export type RecordFieldManagers = Command<'RecordFieldManagers', { objectUid: string; entries: ManagedFieldsEntry[] }>;

export type FieldManagersCommand = RecordFieldManagers;
