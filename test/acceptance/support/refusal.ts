import { expect } from 'vitest';
import { DomainError } from '../../../src/domain/shared/errors.ts';

/** Awaits a promise that must be refused by the domain and returns the DomainError. */
export const refusal = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};
