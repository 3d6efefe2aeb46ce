export { filterChange, type ObjectChange, type ObjectFilter } from './object-change.ts';
export type { WatchListener, WatchSubscription } from './subscription.ts';
export { WatchHub, type WatchHubOptions, type WatchOptions } from './watch-hub.ts';
export { planWatch, type WatchPlan, type WatchQuery } from './watch-plan.ts';
export { INITIAL_EVENTS_END_ANNOTATION, serveWatch, type ServeWatchOptions } from './serve-watch.ts';
