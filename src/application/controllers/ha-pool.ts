/**
 * Runs `work` over `items` with at most `limit` in flight, in order of the list; resolves with
 * every failure (the other items still run).
 */
export const runLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<unknown[]> => {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item).catch((error: unknown) => void failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return failures;
};

/** Splits a sorted list into runs of items sharing a key, keeping the order. */
export const runsOf = <T>(items: readonly T[], key: (item: T) => string): T[][] => {
  const runs: T[][] = [];
  let previous: string | undefined;
  for (const item of items) {
    const current = key(item);
    if (runs.length === 0 || current !== previous) runs.push([]);
    runs[runs.length - 1]!.push(item);
    previous = current;
  }
  return runs;
};
