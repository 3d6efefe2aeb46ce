import { StatusError } from '../../../../src/adapters/http/kube/status.ts';

/** Runs `run` and returns the StatusError it throws; fails the test if it throws nothing or something else. */
export const statusFailure = (run: () => unknown): StatusError => {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
};
