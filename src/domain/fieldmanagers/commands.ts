import type { Command } from '../shared/decider.ts';
import type { ManagedFieldsEntry } from './events.ts';

export type RecordFieldManagers = Command<'RecordFieldManagers', { objectUid: string; entries: ManagedFieldsEntry[] }>;

/** Forgets the managers of incarnation `objectUid`; those of another incarnation stay. */
export type ForgetFieldManagers = Command<'ForgetFieldManagers', { objectUid: string }>;

export type FieldManagersCommand = RecordFieldManagers | ForgetFieldManagers;
