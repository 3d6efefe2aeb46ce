import { StreamRevisionConflict, type ExpectedRevision } from './event-store.port.ts';

/** Shared by every adapter that checks revisions itself: throws when `current` does not satisfy `expected`. */
export const checkExpectedRevision = (streamName: string, expected: ExpectedRevision, current: number | 'no_stream'): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === 'no_stream') ||
    (expected === 'stream_exists' && current !== 'no_stream') ||
    (typeof expected === 'number' && expected === current);
  if (!ok) throw new StreamRevisionConflict(streamName, expected, current);
};
