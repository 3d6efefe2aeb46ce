import { describe, expect, it } from 'vitest';
import { placeWith, PlacementRaceError } from '../../../src/application/scheduler/place-with.ts';
import { Scheduler } from '../../../src/application/scheduler/scheduler.ts';
import { forbidden } from '../../../src/domain/shared/errors.ts';
import { podRequest } from './fixtures.ts';
import { inventoryFeed } from './inventory-events.ts';

const fleet = () => {
  const feed = inventoryFeed();
  feed.host('esx-01');
  feed.host('esx-02');
  return new Scheduler(feed.inventory);
};

describe('placeWith', () => {
  it('commits the chosen host, holding it as assumed while the commit runs', async () => {
    const scheduler = fleet();
    let seen = 0;
    const decision = await placeWith(scheduler, podRequest(), async () => {
      seen = scheduler.host('esx-01')!.allocated.cpuMillis;
    });
    expect(decision).toEqual({ host: 'esx-01' });
    expect(seen).toBe(1000);
    expect(scheduler.host('esx-01')!.allocated.cpuMillis).toBe(0);
  });

  it('chooses again without a host that refused the allocation', async () => {
    const scheduler = fleet();
    const tried: string[] = [];
    const decision = await placeWith(scheduler, podRequest(), async (host) => {
      tried.push(host);
      if (host === 'esx-01') throw forbidden('host esx-01 has insufficient cpu');
    });
    expect(tried).toEqual(['esx-01', 'esx-02']);
    expect(decision).toEqual({ host: 'esx-02' });
  });

  it('returns the reason when nothing fits, and a retryable error when every host refused concurrently', async () => {
    const scheduler = fleet();
    expect(await placeWith(scheduler, podRequest({ resources: { cpuMillis: 99_000, memoryBytes: 0 } }), async () => undefined)).toEqual({
      host: null,
      reason: '0/2 nodes are available: 2 Insufficient cpu.',
    });
    await expect(
      placeWith(scheduler, podRequest(), async () => {
        throw forbidden('no');
      }),
    ).rejects.toBeInstanceOf(PlacementRaceError);
  });

  it('passes other failures through', async () => {
    const scheduler = fleet();
    await expect(placeWith(scheduler, podRequest(), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(scheduler.host('esx-01')!.allocated.cpuMillis).toBe(0);
  });
});
