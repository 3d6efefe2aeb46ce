/**
 * An event-sourced aggregate as a pure decider: no I/O, no clock, no hidden state.
 * Time and the acting identity arrive on the command; `decide` throws a DomainError to refuse.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** Every command carries the instant it was issued; the domain never reads a clock. */
export interface CommandMetadata {
  now: string;
}

export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

export interface Event<Type extends string, Data> {
  type: Type;
  data: Data;
}

export const fold = <State, Event>(decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>, events: readonly Event[]): State =>
  events.reduce(decider.evolve, decider.initialState());

/** Compile-time exhaustiveness: a new command or event type cannot be forgotten in a switch. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
