import { DomainError } from '../../domain/shared/errors.ts';
import type { Scheduler } from './scheduler.ts';
import type { PlacementDecision, PlacementRequest } from './scheduler.port.ts';

/** Every host that looked free was taken by concurrent writers meanwhile; retry later. */
export class PlacementRaceError extends Error {
  constructor(objectRef: string, hosts: string[]) {
    super(`placing ${objectRef}: hosts ${hosts.join(', ')} refused it concurrently`);
    this.name = 'PlacementRaceError';
  }
}

/**
 * Chooses a host and commits the choice with `commit` (which allocates on the host). The decision
 * is assumed while it commits, so concurrent decisions see it. The host aggregate is the last word
 * on capacity: when it refuses (Forbidden: a writer outside this scheduler got there first, or the
 * host was cordoned or failed meanwhile), the next best host is tried without it.
 */
export const placeWith = async (scheduler: Scheduler, request: PlacementRequest, commit: (host: string) => Promise<unknown>): Promise<PlacementDecision> => {
  const refused: string[] = [];
  for (;;) {
    const decision = scheduler.choose(refused.length === 0 ? request : { ...request, excludeHosts: [...(request.excludeHosts ?? []), ...refused] });
    if (decision.host === null) {
      // "No room" is only worth recording when no race was involved; otherwise let the caller retry.
      if (refused.length > 0) throw new PlacementRaceError(request.objectRef, refused);
      return decision;
    }
    scheduler.assume(request, decision.host);
    try {
      await commit(decision.host);
      return decision;
    } catch (error) {
      if (!(error instanceof DomainError && error.reason === 'Forbidden')) throw error;
      refused.push(decision.host);
    } finally {
      scheduler.forget(request.objectRef);
    }
  }
};
