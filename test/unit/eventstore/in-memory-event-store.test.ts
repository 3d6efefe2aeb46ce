import { InMemoryEventStore } from '../../../src/adapters/eventstore/in-memory-event-store.ts';
import { eventStoreContract } from './event-store.contract.ts';

eventStoreContract('in-memory', { open: async () => new InMemoryEventStore() });
