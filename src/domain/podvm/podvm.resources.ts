import { addResources, noResources, type Resources } from '../shared/resources.ts';
import type { PodVMContainer } from './events.ts';

/** What the pod asks for: the sum of its containers' requests (a container without requests adds nothing). */
export const podVmRequests = (containers: readonly PodVMContainer[]): Resources =>
  containers.reduce((sum, container) => addResources(sum, container.requests ?? noResources), noResources);

/** The sum of its containers' limits (a container without limits adds nothing). */
export const podVmLimits = (containers: readonly PodVMContainer[]): Resources =>
  containers.reduce((sum, container) => addResources(sum, container.limits ?? noResources), noResources);
