import { describe, expect, it } from 'vitest';
import { HostOrder } from '../../../src/application/scheduler/host-order.ts';

describe('HostOrder', () => {
  it('keeps names sorted by key, ties by name, as keys move', () => {
    const order = new HostOrder();
    order.set('c', 0);
    order.set('a', 0.5);
    order.set('b', 0);
    expect([...order.names()]).toEqual(['b', 'c', 'a']);
    order.set('b', 0.7);
    order.set('a', 0);
    expect([...order.names()]).toEqual(['a', 'c', 'b']);
    order.delete('c');
    order.delete('nope');
    expect([...order.names()]).toEqual(['a', 'b']);
    expect(order.size).toBe(2);
  });

  it('agrees with a full sort after many random moves', () => {
    const order = new HostOrder();
    const keys = new Map<string, number>();
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let step = 0; step < 2000; step++) {
      const name = `h${Math.floor(random() * 50)}`;
      const key = Math.floor(random() * 10) / 10;
      order.set(name, key);
      keys.set(name, key);
    }
    const expected = [...keys].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1)).map(([name]) => name);
    expect([...order.names()]).toEqual(expected);
  });
});
