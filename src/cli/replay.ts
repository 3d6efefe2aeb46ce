import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allAggregates } from '../application/aggregates.ts';
import type { Inventory } from '../application/inventory/inventory.ts';
import { replayInventory } from '../application/inventory/replay.ts';
import type { PacificConfig } from '../config.ts';
import { openEventStore } from '../container.ts';
import { requestServer } from './server-request.ts';
import { readKubeconfig, type KubeconfigTarget } from './sim.ts';
import { formatTable } from './table.ts';

export interface ReplayFlags {
  verify?: boolean;
  at?: string;
  server?: string;
}

interface LiveDigest {
  checkpoint: number;
  events: number;
  digest: string;
}

const liveServerUrl = (config: PacificConfig, flags: ReplayFlags): string | undefined => {
  if (flags.server) return flags.server;
  const file = join(config.dataDir, 'server.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url;
};

/** The admin token and CA that `pacific serve` wrote into the data dir's kubeconfig, if any. */
const credentialsOf = (config: PacificConfig): Omit<KubeconfigTarget, 'server'> => {
  const path = join(config.dataDir, 'kubeconfig');
  if (!existsSync(path)) return {};
  try {
    const { server: _server, ...credentials } = readKubeconfig(path);
    return credentials;
  } catch {
    return {};
  }
};

const fetchLiveDigest = async (url: string, config: PacificConfig): Promise<LiveDigest | undefined> => {
  try {
    const answer = await requestServer({ ...credentialsOf(config), server: url.replace(/\/+$/, '') }, 'GET', '/admin/inventory/digest', undefined, 5000);
    return answer.status === 200 ? (JSON.parse(answer.body) as LiveDigest) : undefined;
  } catch {
    return undefined;
  }
};

const describeObject = (state: Record<string, unknown>): string => {
  const details = ['host', 'ip', 'powerState', 'version', 'networkSegment']
    .filter((key) => state[key] !== undefined && state[key] !== null)
    .map((key) => `${key}=${String(state[key])}`);
  return details.join(' ');
};

const printInventory = (inventory: Inventory, out: (text: string) => void): void => {
  const { objects } = inventory.snapshot();
  out(
    formatTable(
      ['KIND', 'NAMESPACE', 'NAME', 'STATUS', 'DETAILS'],
      objects.map((object) => {
        const state = object.state as Record<string, unknown>;
        return [object.kind, object.namespace ?? '', object.name, String(state.status), describeObject(state)];
      }),
    ),
  );
};

/**
 * `pacific replay`: rebuilds the inventory from the log alone.
 * --verify compares it with the running server's live projection at the same log position;
 * --at prints the inventory as it was at an instant.
 */
export const runReplay = async (flags: ReplayFlags, config: PacificConfig, out: (text: string) => void): Promise<number> => {
  if (flags.at !== undefined && Number.isNaN(Date.parse(flags.at))) {
    out(`--at needs an ISO-8601 instant such as 2026-11-25T14:02:00Z, got "${flags.at}"`);
    return 2;
  }
  const store = openEventStore(config);
  try {
    if (flags.at !== undefined) {
      const inventory = await replayInventory(store, allAggregates, { asOf: flags.at });
      out(`inventory as of ${new Date(flags.at).toISOString()}: ${inventory.eventCount} events, up to position ${inventory.checkpoint}`);
      printInventory(inventory, out);
      return 0;
    }
    if (!flags.verify) {
      const started = performance.now();
      const inventory = await replayInventory(store, allAggregates);
      const seconds = (performance.now() - started) / 1000;
      out(`replayed ${inventory.eventCount} events in ${seconds.toFixed(2)} s (${Math.round(inventory.eventCount / Math.max(seconds, 1e-6))} events/s)`);
      out(`checkpoint ${inventory.checkpoint}  digest ${inventory.digest()}`);
      return 0;
    }
    const url = liveServerUrl(config, flags);
    const live = url ? await fetchLiveDigest(url, config) : undefined;
    if (!live) {
      out(`no running server answered${url ? ` at ${url}` : ''}: start one with 'pacific serve' or pass --server URL`);
      return 2;
    }
    const rebuilt = await replayInventory(store, allAggregates, { untilPosition: live.checkpoint });
    const digest = rebuilt.digest();
    out(`live projection   checkpoint ${live.checkpoint}  digest ${live.digest}`);
    out(`replayed from log checkpoint ${rebuilt.checkpoint}  digest ${digest}`);
    if (rebuilt.checkpoint !== live.checkpoint || digest !== live.digest) {
      out('MISMATCH: the inventory rebuilt from the log differs from the live projection');
      return 1;
    }
    out(`OK: ${rebuilt.eventCount} events replayed, inventories are identical`);
    return 0;
  } finally {
    await store.close();
  }
};
