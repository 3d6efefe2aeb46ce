/**
 * Runs one replay measurement in a fresh process so that its peak RSS is its own:
 *   raw    – read every row with better-sqlite3 and JSON.parse data and metadata (the ceiling)
 *   replay – rebuild the inventory through the SQLite store and the projection
 * Prints one JSON line: { events, seconds, peakRssBytes, digest? }.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import { allAggregates } from '../../src/application/aggregates.ts';
import { replayInventory } from '../../src/application/inventory/replay.ts';

const peakRss = (): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
};

const [mode, path] = process.argv.slice(2);
if (mode === 'raw') {
  const db = new Database(path, { readonly: true });
  const started = performance.now();
  let events = 0;
  let checksum = 0;
  for (const row of db.prepare('SELECT position, stream_name, revision, type, data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
    const data = JSON.parse(row.data) as object;
    const metadata = JSON.parse(row.metadata) as object;
    checksum += Object.keys(data).length + Object.keys(metadata).length;
    events++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ events, seconds, peakRssBytes: peakRss(), checksum }));
} else if (mode === 'replay') {
  const store = SqliteEventStore.open(path!);
  const started = performance.now();
  const inventory = await replayInventory(store, allAggregates);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ events: inventory.eventCount, seconds, peakRssBytes: peakRss(), objects: inventory.count('PodVM') }));
  await store.close();
} else {
  console.error('usage: replay-child.ts raw|replay DB');
  process.exit(2);
}
