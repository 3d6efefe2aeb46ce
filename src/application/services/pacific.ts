import { randomUUID } from 'node:crypto';
import type { AggregateDefinition } from '../commands/aggregate-definition.ts';
import type { CommandContext, CommandHandler, CommandResult } from '../commands/command-handler.ts';
import type { InventoryProjector } from '../inventory/inventory-projector.ts';
import type { Clock } from '../ports/clock.port.ts';

/** A command as callers write it: the time is stamped on by `execute`. */
export type WithoutMetadata<Command> = Command extends unknown ? Omit<Command, 'metadata'> : never;

/**
 * Runs commands against aggregates and lets callers read their own writes from the inventory.
 * The use-case services (namespaces, workloads, hosts) are built on it.
 */
export class Pacific {
  constructor(
    readonly commands: CommandHandler,
    readonly projector: InventoryProjector,
    readonly clock: Clock,
  ) {}

  get inventory() {
    return this.projector.inventory;
  }

  /** Executes one command and waits until the inventory reflects it. */
  async execute<State, Command extends { type: string; metadata: { now: string } }, Event extends { type: string }>(
    definition: AggregateDefinition<State, Command, Event>,
    id: string,
    command: WithoutMetadata<Command>,
    context: CommandContext,
  ): Promise<CommandResult<State>> {
    const result = await this.commands.handle(definition, id, { ...command, metadata: { now: this.clock.now() } } as Command, context);
    const last = result.events[result.events.length - 1];
    if (last) await this.projector.waitFor(last.position);
    return result;
  }

  newUid(): string {
    return randomUUID();
  }
}
