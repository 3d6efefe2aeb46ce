import { allAggregates } from '../application/aggregates.ts';
import { objectHistory, resolveObjectReference } from '../application/audit/object-history.ts';
import type { PacificConfig } from '../config.ts';
import { openEventStore } from '../container.ts';
import { formatTable } from './table.ts';

/** `pacific audit KIND/NAMESPACE/NAME`: an object's whole history, oldest first. */
export const runAudit = async (reference: string, config: PacificConfig, out: (text: string) => void): Promise<number> => {
  const { stream } = resolveObjectReference(reference, allAggregates);
  const store = openEventStore(config);
  try {
    const history = await objectHistory(store, stream);
    if (history.length === 0) {
      out(`no history for ${reference} (stream ${stream})`);
      return 1;
    }
    out(
      formatTable(
        ['TIME', 'ACTOR', 'EVENT', 'REV', 'DATA'],
        history.map((line) => [line.time, line.actor, line.event, String(line.revision), line.summary]),
      ),
    );
    return 0;
  } finally {
    await store.close();
  }
};
