import {
  hasPreferences,
  hostnameLabel,
  matchesNodeSelector,
  preferenceAdjustment,
  unfitness,
  unschedulableMessage,
  utilization,
  type HostView,
  type MatchCounter,
} from './placement-math.ts';
import type { PlacementDecision, PlacementRequest } from './scheduler.port.ts';

/** The hosts a decision is made over: the live index, or a what-if copy of it. */
export interface PlacementView {
  /** Every host, least utilized first (see `utilization`), ties by name. */
  hostsInOrder(): Iterable<HostView>;
  host(name: string): HostView | undefined;
  countMatching: MatchCounter;
}

/**
 * The spread strategy: among the hosts that pass every filter, the one whose larger share of CPU
 * or memory in use is smallest, ties by name; preferred (anti-)affinity terms adjust that score.
 * Without preferences the first fitting host in the view's order is the answer, so the common case
 * stops at the first host or two instead of scoring the whole fleet.
 */
export const choosePlacement = (view: PlacementView, request: PlacementRequest): PlacementDecision => {
  const excluded = new Set(request.excludeHosts ?? []);
  const scoring = hasPreferences(request);
  let best: { name: string; score: number } | undefined;
  for (const host of candidates(view, request)) {
    if (unfitness(host, request, excluded, view.countMatching).length > 0) continue;
    if (!scoring) return { host: host.name };
    const score = utilization(host) + preferenceAdjustment(host.name, request, view.countMatching);
    if (!best || score < best.score || (score === best.score && host.name < best.name)) best = { name: host.name, score };
  }
  if (best) return { host: best.name };
  const reasons = [...view.hostsInOrder()].map((host) => unfitness(host, request, excluded, view.countMatching));
  return { host: null, reason: unschedulableMessage(reasons) };
};

/** A `kubernetes.io/hostname` selector names its one candidate; otherwise every host, in order. */
const candidates = (view: PlacementView, request: PlacementRequest): Iterable<HostView> => {
  const hostname = request.nodeSelector[hostnameLabel];
  if (hostname === undefined) return view.hostsInOrder();
  const named = view.host(hostname);
  return named && matchesNodeSelector(named, request.nodeSelector) ? [named] : view.hostsInOrder();
};
