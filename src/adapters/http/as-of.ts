import { Router, type Request, type Response } from 'express';
import { allAggregates } from '../../application/aggregates.ts';
import { Inventory } from '../../application/inventory/inventory.ts';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port.ts';
import type { HostReady } from '../../domain/host/index.ts';
import { isAdmin, requestUser } from './auth/request-user.ts';
import type { KubeObject } from './kube/kube-object.ts';
import { catalogMapper, catalogShapes } from './kube/mappers/catalog.mapper.ts';
import type { ApiServices, KindMapper } from './kube/mappers/kind-mapper.ts';
import { namespaceMapper } from './kube/mappers/namespace.mapper.ts';
import { podMapper } from './kube/mappers/pod.mapper.ts';
import { tanzuKubernetesClusterMapper } from './kube/mappers/tanzu-kubernetes-cluster.mapper.ts';
import { virtualMachineMapper } from './kube/mappers/virtual-machine.mapper.ts';
import { StatusError } from './kube/status.ts';

const PAGE = 10_000;
const MAX_POINTS = 500;

/** Reads the global log in order until `onEvent` answers false. */
const foldLog = async (store: EventStore, onEvent: (event: RecordedEvent) => boolean): Promise<void> => {
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) return;
    for (const event of page) if (!onEvent(event)) return;
    after = page[page.length - 1]!.position;
  }
};

/** Renderers over a replayed inventory: rendering reads only `pacific.inventory`, never the services that write. */
const renderersFor = (inventory: Inventory): KindMapper[] => {
  const services = { pacific: { inventory } } as unknown as ApiServices;
  return [namespaceMapper(services), podMapper(services), virtualMachineMapper(services), tanzuKubernetesClusterMapper(services), ...catalogShapes.map((shape) => catalogMapper(services, shape))];
};

const instant = (value: unknown, name: string): number => {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) throw new StatusError('BadRequest', `${name} must be an ISO-8601 instant such as 2026-11-25T14:02:00Z`);
  return parsed;
};

const send = (res: Response, answer: () => Promise<unknown>): void => {
  answer().then(
    (body) => res.json(body),
    (error: unknown) => {
      const status = error instanceof StatusError ? error : new StatusError('InternalError', error instanceof Error ? error.message : String(error));
      res.status(status.code).json(status.toStatus());
    },
  );
};

/** Like the rest of the API before authentication is in place, a request without a user acts as admin. */
const requireAdmin = (req: Request): void => {
  const user = requestUser(req);
  if (user && !isAdmin(user)) throw new StatusError('Forbidden', `User "${user.name}" cannot read the history of the inventory`);
};

export interface HostSeries {
  name: string;
  capacity: { cpuMillis: number; memoryBytes: number; podVMs: number };
  /** One value per instant of `times`; null while the host was not registered. */
  cpuMillis: (number | null)[];
  memoryBytes: (number | null)[];
  podVMs: (number | null)[];
}

/**
 * Read-only views of the past, each rebuilt by replaying a prefix of the log (nothing is cached,
 * nothing is written):
 * - GET /admin/namespaces/NS/as-of?time=ISO: the namespace and its objects as they were then,
 *   rendered as the API renders them, as a v1 List.
 * - GET /admin/hosts/utilisation?since=ISO&until=ISO&points=N: each host's allocation sampled at
 *   N evenly spaced instants (one pass over the log).
 */
export const asOfRouter = (store: EventStore): Router => {
  const router = Router();

  router.get('/admin/namespaces/:ns/as-of', (req, res) => {
    send(res, async () => {
      requireAdmin(req);
      const namespace = String(req.params.ns);
      const time = instant(req.query.time, 'time');
      const inventory = new Inventory(allAggregates);
      await foldLog(store, (event) => {
        if (Date.parse(event.metadata.time) > time) return false;
        inventory.applyEvent(event);
        return true;
      });
      const items: KubeObject[] = [];
      for (const mapper of renderersFor(inventory)) {
        const objects = mapper.aggregateKind === 'Namespace' ? [inventory.get('Namespace', null, namespace)].filter((o) => o !== undefined) : inventory.list(mapper.aggregateKind, namespace);
        for (const object of objects) items.push(mapper.render(object, object.state));
      }
      return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(inventory.checkpoint) }, asOf: new Date(time).toISOString(), items };
    });
  });

  router.get('/admin/hosts/utilisation', (req, res) => {
    send(res, async () => {
      requireAdmin(req);
      const until = req.query.until === undefined ? Date.now() : instant(req.query.until, 'until');
      const since = req.query.since === undefined ? until - 3600_000 : instant(req.query.since, 'since');
      const points = req.query.points === undefined ? 60 : Number(req.query.points);
      if (!Number.isInteger(points) || points < 2 || points > MAX_POINTS) throw new StatusError('BadRequest', `points must be a whole number from 2 to ${MAX_POINTS}`);
      if (since >= until) throw new StatusError('BadRequest', 'since must be before until');
      const times = Array.from({ length: points }, (_, i) => Math.round(since + ((until - since) * i) / (points - 1)));
      const inventory = new Inventory(allAggregates);
      const series = new Map<string, HostSeries>();
      const sample = (index: number): void => {
        for (const object of inventory.list('Host')) {
          const host = object.state as HostReady;
          let entry = series.get(host.name);
          if (!entry) {
            const empty = (): (number | null)[] => Array<number | null>(points).fill(null);
            entry = { name: host.name, capacity: { cpuMillis: 0, memoryBytes: 0, podVMs: 0 }, cpuMillis: empty(), memoryBytes: empty(), podVMs: empty() };
            series.set(host.name, entry);
          }
          entry.capacity = { cpuMillis: host.capacity.cpuMillis, memoryBytes: host.capacity.memoryBytes, podVMs: host.maxPodVMs };
          entry.cpuMillis[index] = host.allocated.cpuMillis;
          entry.memoryBytes[index] = host.allocated.memoryBytes;
          entry.podVMs[index] = host.podVMCount;
        }
      };
      let next = 0;
      await foldLog(store, (event) => {
        const at = Date.parse(event.metadata.time);
        while (next < points && at > times[next]!) sample(next++);
        if (next >= points) return false;
        inventory.applyEvent(event);
        return true;
      });
      while (next < points) sample(next++);
      return {
        times: times.map((t) => new Date(t).toISOString()),
        hosts: [...series.values()].sort((a, b) => a.name.localeCompare(b.name)),
      };
    });
  });

  return router;
};
