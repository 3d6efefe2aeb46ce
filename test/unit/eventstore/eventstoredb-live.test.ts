import { describe } from 'vitest';
import { EventStoreDbEventStore } from '../../../src/adapters/eventstore/eventstoredb-event-store.ts';
import { eventStoreContract } from './event-store.contract.ts';

// Against a real server, e.g. EVENTSTORE_URL='esdb://localhost:2113?tls=false' (EventStoreDB 22.6 or later).
const url = process.env.EVENTSTORE_URL;

describe.runIf(url)('EventStoreDB adapter against a real server (EVENTSTORE_URL)', () => {
  eventStoreContract(`eventstoredb (live, ${url})`, { open: async () => new EventStoreDbEventStore(url!) });
});
