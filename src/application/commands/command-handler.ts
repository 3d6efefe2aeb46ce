import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import { StreamRevisionConflict, type AppendResult, type EventStore, type NewEvent, type RecordedEvent } from '../ports/event-store.port.ts';
import { streamName } from '../streams.ts';
import type { AggregateDefinition } from './aggregate-definition.ts';
import { StateCache } from './state-cache.ts';

export interface CommandContext {
  actor: string;
  correlationId?: string;
  causationId?: string | null;
  /**
   * The stream revision the caller based its command on (Kubernetes resourceVersion / If-Match).
   * When given, a stream that moved on fails with Conflict and the command is never retried.
   */
  expectedRevision?: number;
}

export interface CommandResult<State> {
  events: RecordedEvent[];
  state: State;
  revision: number;
}

interface PendingCommand {
  definition: AggregateDefinition;
  command: { type: string; metadata: { now: string } };
  context: CommandContext;
  attempts: number;
  resolve: (result: CommandResult<unknown>) => void;
  reject: (error: unknown) => void;
}

interface LoadedState {
  state: unknown;
  revision: number;
  /** Taken from the cache rather than read from the store just now. */
  remembered: boolean;
}

interface AcceptedCommand {
  pending: PendingCommand;
  events: NewEvent[];
  stateAfter: unknown;
}

interface BatchDecision {
  accepted: AcceptedCommand[];
  refused: { pending: PendingCommand; error: unknown }[];
  newEvents: NewEvent[];
  state: unknown;
}

const MAX_ATTEMPTS = 5;

/**
 * Folded states this process keeps anyway (its inventory projection): the handler reads them
 * instead of keeping a second copy of every state it wrote, and keeps its own only while the
 * projection has not yet caught up with its appends.
 */
export interface ProjectedStreams {
  /** The stream's state folded up to `revision`, or undefined when it is not projected here. */
  stream(streamName: string): { readonly state: unknown; readonly revision: number } | undefined;
}

export const staleObjectConflict = (stream: string): DomainError =>
  new DomainError('Conflict', `Operation cannot be fulfilled on ${stream}: the object has been modified; please apply your changes to the latest version and try again`);

/**
 * The one command handler: read -> fold -> decide -> append with the revision read.
 *
 * Commands for one stream are queued and handled in turn, so writers inside this process never
 * race each other; all commands waiting for a stream are decided one after the other on the
 * evolving state and appended together (one append, one durable commit for the batch).
 * A conflict can then only come from another process: commuting commands are decided again,
 * the others fail with Conflict.
 *
 * States folded earlier are kept and trusted without reading the stream again: the append's
 * revision check is what catches another process having written meanwhile. A batch decided on a
 * remembered state that then conflicts, or refuses a command, is decided once more on a fresh read,
 * so a remembered state never refuses anything on its own.
 */
export class CommandHandler {
  private readonly queues = new Map<string, PendingCommand[]>();
  private readonly cache: StateCache;
  private readonly projected: ProjectedStreams | undefined;

  constructor(
    private readonly store: EventStore,
    options: { cacheCapacity?: number; projected?: ProjectedStreams } = {},
  ) {
    this.cache = new StateCache(options.cacheCapacity ?? 100_000);
    this.projected = options.projected;
  }

  handle<State, Command extends { type: string; metadata: { now: string } }, Event extends { type: string }>(
    definition: AggregateDefinition<State, Command, Event>,
    id: string,
    command: Command,
    context: CommandContext,
  ): Promise<CommandResult<State>> {
    const stream = streamName(definition.category, id);
    return new Promise<CommandResult<State>>((resolve, reject) => {
      const pending: PendingCommand = {
        definition: definition as unknown as AggregateDefinition,
        command,
        context,
        attempts: 0,
        resolve: resolve as (result: CommandResult<unknown>) => void,
        reject,
      };
      const queue = this.queues.get(stream);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(stream, [pending]);
      void this.drain(stream);
    });
  }

  /**
   * A stream's current state: the remembered state brought up to date with what the stream holds
   * past it. Readers must look, because an append's events reach subscribers (and so the callers of
   * this) before the writer that made them has folded them into what it remembers.
   */
  async load<State, Command extends { type: string }, Event extends { type: string }>(
    definition: AggregateDefinition<State, Command, Event>,
    id: string,
  ): Promise<{ state: State; revision: number }> {
    const stream = streamName(definition.category, id);
    const cached = this.known(stream);
    if (!cached) return this.readFresh(stream, definition as unknown as AggregateDefinition) as Promise<{ state: State; revision: number }>;
    const newer = await this.store.readStream(stream, { fromRevision: cached.revision + 1 });
    if (newer.length === 0) return cached as { state: State; revision: number };
    let state = cached.state;
    for (const event of newer) state = definition.decider.evolve(state as State, event as never);
    const revision = newer[newer.length - 1]!.revision;
    // Only ever move forward: the writer may have remembered something newer meanwhile.
    this.remember(stream, state, revision);
    return { state: state as State, revision };
  }

  /** The newest state at hand for a stream: the projection's or the handler's own, whichever is further. */
  private known(stream: string): { state: unknown; revision: number } | undefined {
    const cached = this.cache.get(stream);
    const projected = this.projected?.stream(stream);
    if (projected && projected.revision >= 0 && projected.revision >= (cached?.revision ?? -1)) {
      if (cached) this.cache.delete(stream);
      return { state: projected.state, revision: projected.revision };
    }
    return cached;
  }

  /** Keeps a state only where the projection does not already hold it (or something newer). */
  private remember(stream: string, state: unknown, revision: number): void {
    if ((this.projected?.stream(stream)?.revision ?? -1) >= revision) {
      this.cache.delete(stream);
      return;
    }
    if ((this.cache.get(stream)?.revision ?? -1) < revision) this.cache.set(stream, { state, revision });
  }

  /**
   * For writers: the remembered state as it is. Commands for one stream run one batch at a time and
   * the batch's writer remembers its outcome before the next batch starts, so in this process it is
   * current; the append's revision check catches any other process. A stream not remembered is
   * presumed new (most are: every create starts one); if it is not, the append's 'no_stream'
   * check or a refusal sends the batch to a fresh read.
   */
  private remembered(stream: string, definition: AggregateDefinition): LoadedState {
    const cached = this.known(stream);
    if (cached) return { state: cached.state, revision: cached.revision, remembered: true };
    return { state: definition.decider.initialState(), revision: -1, remembered: true };
  }

  private async readFresh(stream: string, definition: AggregateDefinition): Promise<LoadedState> {
    const events = await this.store.readStream(stream);
    let state = definition.decider.initialState();
    for (const event of events) state = definition.decider.evolve(state, event as never);
    const revision = events.length > 0 ? events[events.length - 1]!.revision : -1;
    this.cache.delete(stream);
    this.remember(stream, state, revision);
    return { state, revision, remembered: false };
  }

  private async drain(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, queue.length);
      const retry = await this.handleBatch(stream, batch);
      queue.unshift(...retry);
    }
    this.queues.delete(stream);
  }

  /** Decides a batch in order on the evolving state and appends the accepted commands' events at once. */
  private async handleBatch(stream: string, batch: PendingCommand[]): Promise<PendingCommand[]> {
    let loaded = this.remembered(stream, batch[0]!.definition);
    let decision = this.decideBatch(stream, batch, loaded);
    if (loaded.remembered && decision.refused.length > 0) {
      // Refusals must rest on what is stored, not on what this process remembers.
      try {
        loaded = await this.readFresh(stream, batch[0]!.definition);
      } catch (error) {
        batch.forEach((pending) => pending.reject(error));
        return [];
      }
      decision = this.decideBatch(stream, batch, loaded);
    }
    for (const { pending, error } of decision.refused) pending.reject(error);
    const { accepted, newEvents, state } = decision;
    const startRevision = loaded.revision;
    if (accepted.length === 0) return [];
    if (newEvents.length === 0) {
      accepted.forEach(({ pending, stateAfter }) => pending.resolve({ events: [], state: stateAfter, revision: startRevision }));
      return [];
    }
    let appended: AppendResult;
    try {
      appended = await this.store.appendToStream(stream, newEvents, startRevision < 0 ? 'no_stream' : startRevision);
    } catch (error) {
      if (!(error instanceof StreamRevisionConflict)) {
        accepted.forEach(({ pending }) => pending.reject(error));
        return [];
      }
      // The retry decides on what is stored now (not on a presumed-new stream again).
      try {
        await this.readFresh(stream, batch[0]!.definition);
      } catch (readError) {
        this.cache.delete(stream);
        accepted.forEach(({ pending }) => pending.reject(readError));
        return [];
      }
      const retry: PendingCommand[] = [];
      for (const { pending } of accepted) {
        pending.attempts++;
        // Decided on a remembered state: not yet decided on what is stored, so decide again on a fresh read.
        const commutes = pending.definition.commutingCommands.has(pending.command.type) && pending.context.expectedRevision === undefined;
        if ((loaded.remembered || commutes) && pending.attempts < MAX_ATTEMPTS) retry.push(pending);
        else pending.reject(staleObjectConflict(stream));
      }
      return retry;
    }
    this.remember(stream, state, startRevision + newEvents.length);
    // The store assigned positions; read them back only for the events of this batch.
    let recorded: RecordedEvent[];
    const first = appended.firstPosition;
    if (first !== undefined) {
      recorded = newEvents.map((event, index) => ({ ...event, streamName: stream, revision: startRevision + 1 + index, position: first + index }));
    } else {
      try {
        recorded = await this.store.readStream(stream, { fromRevision: startRevision + 1 });
      } catch (error) {
        accepted.forEach(({ pending }) => pending.reject(error));
        return [];
      }
    }
    let offset = 0;
    for (const { pending, events, stateAfter } of accepted) {
      const mine = recorded.slice(offset, offset + events.length);
      offset += events.length;
      pending.resolve({ events: mine, state: stateAfter, revision: startRevision + offset });
    }
    return [];
  }

  /** Decides a batch in order on the evolving state; nothing is rejected or appended here. */
  private decideBatch(stream: string, batch: PendingCommand[], loaded: LoadedState): BatchDecision {
    let state = loaded.state;
    const accepted: AcceptedCommand[] = [];
    const refused: { pending: PendingCommand; error: unknown }[] = [];
    const newEvents: NewEvent[] = [];
    for (const pending of batch) {
      const { definition, command, context } = pending;
      if (context.expectedRevision !== undefined && context.expectedRevision !== loaded.revision + newEvents.length) {
        refused.push({ pending, error: staleObjectConflict(stream) });
        continue;
      }
      try {
        const decided = definition.decider.decide(command, state) as { type: string; data: unknown }[];
        for (const event of decided) state = definition.decider.evolve(state, event);
        const events = decided.map((event) => this.toNewEvent(event, command, context));
        newEvents.push(...events);
        accepted.push({ pending, events, stateAfter: state });
      } catch (error) {
        refused.push({ pending, error });
      }
    }
    return { accepted, refused, newEvents, state };
  }

  private toNewEvent(event: { type: string; data: unknown }, command: { metadata: { now: string } }, context: CommandContext): NewEvent {
    const eventId = randomUUID();
    return {
      type: event.type,
      data: event.data,
      metadata: {
        eventId,
        time: command.metadata.now,
        actor: context.actor,
        correlationId: context.correlationId ?? eventId,
        causationId: context.causationId ?? null,
      },
    };
  }
}
