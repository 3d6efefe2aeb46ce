import type { PodVMLive } from '../../domain/podvm/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { podPlacementRequest, vmPlacementRequest } from '../scheduler/placement-requests.ts';
import type { HostChooser, PlacementRequest } from '../scheduler/scheduler.port.ts';

/** A chooser that can count a decision in flight against its host (the Scheduler does). */
interface AssumingChooser extends HostChooser {
  assume(request: PlacementRequest, host: string): void;
  forget(objectRef: string): void;
}

const assumes = (chooser: HostChooser): chooser is AssumingChooser =>
  typeof (chooser as Partial<AssumingChooser>).assume === 'function' && typeof (chooser as Partial<AssumingChooser>).forget === 'function';

/** Where a pod VM may restart: what the scheduler would ask for it, minus the hosts it leaves. */
export const podRestartRequest = (pod: PodVMLive, excludeHosts: string[]): PlacementRequest => ({ ...podPlacementRequest(pod), excludeHosts });

export const vmRestartRequest = (vm: VirtualMachineLive, excludeHosts: string[]): PlacementRequest => ({ ...vmPlacementRequest(vm), excludeHosts });

export type PlacementOutcome = { host: string } | { host: null; reason: string };

/**
 * Asks the chooser for a host and acts there. A host that refuses (Forbidden: full, cordoned or
 * failed meanwhile) is left out and the chooser asked again, a few times; a quota refusal is not
 * about hosts and is thrown. With a chooser that assumes, concurrent decisions see each other.
 */
export const placeWithRetry = async (
  chooser: HostChooser,
  request: PlacementRequest,
  act: (host: string) => Promise<unknown>,
  attempts = 4,
): Promise<PlacementOutcome> => {
  const excluded = [...(request.excludeHosts ?? [])];
  let lastReason = 'no host fits';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const attemptRequest = { ...request, excludeHosts: excluded };
    const decision = chooser.choose(attemptRequest);
    if (decision.host === null) return attempt === 0 ? decision : { host: null, reason: `${decision.reason} (${lastReason})` };
    if (assumes(chooser)) chooser.assume(attemptRequest, decision.host);
    try {
      await act(decision.host);
      return { host: decision.host };
    } catch (error) {
      if (!(error instanceof DomainError) || error.reason !== 'Forbidden' || error.message.startsWith('exceeded quota')) throw error;
      lastReason = error.message;
      excluded.push(decision.host);
    } finally {
      if (assumes(chooser)) chooser.forget(request.objectRef);
    }
  }
  return { host: null, reason: lastReason };
};
