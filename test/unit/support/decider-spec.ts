import { expect } from 'vitest';
import type { Decider } from '../../../src/domain/shared/decider.ts';
import { DomainError, type DomainErrorReason } from '../../../src/domain/shared/errors.ts';

/**
 * given(events).when(command).then(events) / .thenThrows(reason, message?) over a pure decider.
 * `then` also folds the produced events to check that evolve accepts them.
 */
export const deciderSpec = <State, Command, Event>(decider: Decider<State, Command, Event>) => ({
  given: (events: Event[]) => ({
    when: (command: Command) => {
      const state = events.reduce(decider.evolve, decider.initialState());
      const run = (): Event[] => decider.decide(command, state);
      return {
        then: (expected: Event[]): State => {
          const produced = run();
          expect(produced).toEqual(expected);
          return produced.reduce(decider.evolve, state);
        },
        thenThrows: (reason: DomainErrorReason, message?: string | RegExp): void => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, 'decide should have refused the command').toBeInstanceOf(DomainError);
          expect((thrown as DomainError).reason).toBe(reason);
          if (message !== undefined) expect((thrown as DomainError).message).toMatch(message);
        },
      };
    },
  }),
});

export const at = (now = '2026-11-25T10:00:00.000Z') => ({ now });
