/**
 * The Kubernetes API under load: 200 concurrent HTTP clients (autocannon, in its own process)
 * creating pods on a SQLite-backed Pacific with 100 simulated hosts (the scheduler places them
 * meanwhile), then GETting single pods, then 4 clients listing a namespace of 3,000 pods, then
 * creates sent on a fixed schedule well below saturation (latency at a steady rate), and last the
 * same creates as first with the placement controller stopped (the API alone).
 * Each run stands beside the same run against a plain express JSON echo server (same process
 * setup, same bodies) measured in the same run.
 * Usage: node --import ./src/typescript/register.mjs bench/api.bench.ts [--quick] [--creates N] [--paced N] [--out FILE]
 */
import { benchActor, podInput, runBounded } from './support/app.ts';
import { startEchoServer } from './support/echo-server.ts';
import { startBenchHttp } from './support/http-app.ts';
import { runLoad, runPacedLoad, type LoadFigures, type LoadSpec } from './support/load.ts';
import { profiled } from './support/profiler.ts';
import { isMain, isQuick, numberFlag, printMachine, printTable, progress, round, saveResults, verdict, withTempDir } from './support/common.ts';

export const TARGET_CREATES_PER_SEC = 3_000;
export const TARGET_CREATE_P99_MS = 50;
const CLIENTS = 200;
const LIST_CLIENTS = 4;
const NAMESPACES = 20;
/** Creates per second of the paced phase: about a third of what the bench's closed loop reaches. */
const PACED_RATE = 1_000;

interface Pair {
  pacific: LoadFigures;
  echo: LoadFigures;
}

const podsPath = (namespace: string): string => `/api/v1/namespaces/${namespace}/pods`;

export const runApiBench = async (): Promise<Record<string, unknown>> => {
  const quick = isQuick();
  const creates = numberFlag('--creates', quick ? 400 : 20_000);
  const gets = numberFlag('--gets', quick ? 400 : 20_000);
  const listSize = numberFlag('--list-size', quick ? 100 : 3_000);
  const lists = numberFlag('--lists', quick ? 8 : 200);
  const warmup = quick ? 0 : 1_000;
  const pacedRate = quick ? 100 : PACED_RATE;
  const paced = numberFlag('--paced', quick ? 200 : 8_000);
  printMachine();
  console.log(`${CLIENTS} clients; SQLite store (synchronous=FULL), 100 simulated hosts, boot 0; autocannon in a separate process\n`);

  return withTempDir(async (dir) => {
    const pacific = await startBenchHttp(dir, { hosts: 100, hostCpu: '64', hostMemory: '512Gi', bootMs: 0 });
    const echo = await startEchoServer();
    try {
      const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `api-${i}`);
      for (const namespace of [...namespaces, 'warm', 'list']) await pacific.services.namespaces.create({ name: namespace }, benchActor);
      const fill = progress(`fill namespace "list" with ${listSize} pods`, listSize);
      await runBounded(listSize, 200, (i) => pacific.services.workloads.createPodVM(podInput('list', `listed-${i}`), benchActor), () => fill.increment());
      fill.stop();
      if (warmup > 0) await runLoad('warm-up creates', { ...pacific.load, connections: CLIENTS, amount: warmup, method: 'POST', bases: [podsPath('warm')], itemPrefix: 'warm' });
      await pacific.placement.idle();

      const both = async (label: string, spec: Omit<LoadSpec, 'url' | 'headers'>, echoBases: string[]): Promise<Pair> => {
        const echoFigures = await runLoad(`${label} (echo)`, { ...spec, url: echo.url, bases: echoBases });
        const pacificFigures = await profiled(`api ${label}`, () => runLoad(label, { ...pacific.load, ...spec }));
        await pacific.placement.idle();
        return { pacific: pacificFigures, echo: echoFigures };
      };

      const create = await both(
        `POST pods x${CLIENTS}`,
        { connections: CLIENTS, amount: creates, method: 'POST', bases: namespaces.map(podsPath), itemPrefix: 'c' },
        namespaces.map((namespace) => `/echo${podsPath(namespace)}`),
      );
      const sample = await pacific.request('GET', `${podsPath('api-0')}/c-0`);
      echo.setItem(sample.body);
      const get = await both(
        `GET pod x${CLIENTS}`,
        { connections: CLIENTS, amount: gets, method: 'GET', bases: namespaces.map(podsPath), itemPrefix: 'c', items: Math.min(creates, create.pacific.ok) },
        namespaces.map((namespace) => `/item${podsPath(namespace)}`),
      );
      const listed = await pacific.request('GET', podsPath('list'));
      if (listed.body?.items?.length !== listSize) {
        throw new Error(`list of namespace "list": HTTP ${listed.status}, ${listed.body?.items?.length} items, expected ${listSize}: ${JSON.stringify(listed.body).slice(0, 300)}`);
      }
      echo.setList(listed.body);
      const list = await both(`LIST ${listSize} pods x${LIST_CLIENTS}`, { connections: LIST_CLIENTS, amount: lists, method: 'GET', bases: [podsPath('list')] }, ['/list']);

      const pacedSpec = { connections: CLIENTS, rate: pacedRate, amount: paced, itemPrefix: 'paced' };
      const steady: Pair = {
        echo: await runPacedLoad(`POST pods at ${pacedRate}/s (echo)`, { ...pacedSpec, url: echo.url, bases: namespaces.map((namespace) => `/echo${podsPath(namespace)}`) }),
        pacific: await profiled(`api POST pods at ${pacedRate}-s`, () => runPacedLoad(`POST pods at ${pacedRate}/s`, { ...pacific.load, ...pacedSpec, bases: namespaces.map(podsPath) })),
      };
      await pacific.placement.idle();

      // Last, as the controller does not start again: the same creates with nothing placing the pods,
      // to show what the API alone sustains beside the whole control plane above.
      await pacific.placement.stop();
      const apiAlone: Pair = {
        pacific: await profiled('api POST pods, placement stopped', () =>
          runLoad(`POST pods x${CLIENTS}, placement stopped`, { ...pacific.load, connections: CLIENTS, amount: creates, method: 'POST', bases: namespaces.map(podsPath), itemPrefix: 'alone' }),
        ),
        echo: create.echo,
      };

      const row = (name: string, pair: Pair, target: string): (string | number)[] => [
        name,
        Math.round(pair.pacific.requestsPerSec),
        pair.pacific.p50Ms,
        pair.pacific.p99Ms,
        pair.pacific.non2xx + pair.pacific.errors,
        Math.round(pair.echo.requestsPerSec),
        pair.echo.p99Ms,
        round(pair.pacific.requestsPerSec / pair.echo.requestsPerSec, 2),
        target,
      ];
      const createMet =
        create.pacific.requestsPerSec >= TARGET_CREATES_PER_SEC && create.pacific.p99Ms <= TARGET_CREATE_P99_MS && create.pacific.non2xx + create.pacific.errors === 0;
      printTable(
        ['request', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'echo req/s', 'echo p99 ms', 'ratio', 'target'],
        [
          row(`create pod (${creates})`, create, `${verdict(createMet)} (>= ${TARGET_CREATES_PER_SEC}/s, p99 <= ${TARGET_CREATE_P99_MS} ms)`),
          row(`get pod (${gets})`, get, '-'),
          row(`list ${listSize} pods (${lists})`, list, '-'),
          row(`create at ${pacedRate}/s, paced (${paced})`, steady, 'latency below saturation'),
          row(`create, placement stopped (${creates})`, apiAlone, 'API alone, for comparison'),
        ],
      );
      const figures = {
        sizes: { clients: CLIENTS, listClients: LIST_CLIENTS, creates, gets, lists, listSize, hosts: 100, store: 'sqlite', bootMs: 0 },
        target: { createsPerSec: TARGET_CREATES_PER_SEC, createP99Ms: TARGET_CREATE_P99_MS },
        create: { ...create, ratio: round(create.pacific.requestsPerSec / create.echo.requestsPerSec, 3), met: createMet },
        get: { ...get, ratio: round(get.pacific.requestsPerSec / get.echo.requestsPerSec, 3) },
        list: { ...list, ratio: round(list.pacific.requestsPerSec / list.echo.requestsPerSec, 3) },
        createPaced: { ...steady, rate: pacedRate },
        createWithoutPlacement: { ...apiAlone, ratio: round(apiAlone.pacific.requestsPerSec / apiAlone.echo.requestsPerSec, 3) },
      };
      saveResults('api', figures);
      return figures;
    } finally {
      await echo.close();
      await pacific.stop();
    }
  });
};

if (isMain(import.meta.url)) await runApiBench();
