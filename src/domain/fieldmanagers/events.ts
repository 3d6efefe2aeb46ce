import type { Event } from '../shared/decider.ts';

/**
 * One entry of Kubernetes metadata.managedFields, kept as the API gave it: which manager owns
 * which fields of an object (server-side apply decides conflicts from these).
 */
export type ManagedFieldsEntry = Record<string, unknown>;

/** The field managers of one incarnation (uid) of an object, as they stand after a write. */
export type FieldManagersRecorded = Event<'FieldManagersRecorded', { objectUid: string; entries: ManagedFieldsEntry[] }>;

/** The object they belonged to is gone. */
export type FieldManagersForgotten = Event<'FieldManagersForgotten', { objectUid: string }>;

export type FieldManagersEvent = FieldManagersRecorded | FieldManagersForgotten;
