/**
 * HA recovery: one host carries 1,000 pod VMs (the others cordoned while they are placed), then
 * fails in the simulated fleet. Measured: seconds from the HostFailed event (detection) until all
 * 1,000 pods are Running on other hosts, as seen in the inventory; SQLite store, boot 0, the HA
 * controller's own restart concurrency. Peer in the same run: the same 1,000 pods created and
 * started from scratch on that host.
 * Usage: node --import ./src/typescript/register.mjs bench/ha.bench.ts [--quick] [--pods N] [--hosts N] [--out FILE]
 */
import type { PodVMLive } from '../src/domain/podvm/index.ts';
import { hostAggregate } from '../src/application/aggregates.ts';
import { apiServices } from '../src/cli/serve.ts';
import { startHaPacific } from '../test/acceptance/support/ha-pacific.ts';
import { benchActor, podInput, runBounded, watchRunning } from './support/app.ts';
import { isMain, isQuick, nowMs, numberFlag, printMachine, printTable, progress, round, saveResults, verdict, withTempDir } from './support/common.ts';

export const TARGET_SECONDS = 5;
/** Detection settings for the bench only: the measurement starts at detection, so they just keep the run short. */
const HA_TIMINGS = { intervalMs: 100, graceMs: 1_000, heartbeatRecordMs: 30_000 };
const NAMESPACE = 'ha';

export const runHaBench = async (): Promise<Record<string, unknown>> => {
  const quick = isQuick();
  const pods = numberFlag('--pods', quick ? 100 : 1_000);
  const hosts = numberFlag('--hosts', quick ? 3 : 11);
  printMachine();
  console.log(`${pods} pod VMs on one of ${hosts} simulated hosts (boot 0, SQLite store); that host fails\n`);
  return withTempDir(async (dir) => {
    const p = await startHaPacific(
      { store: 'sqlite', dataDir: dir, simHosts: hosts, simHostCpu: '128', simHostMemory: '512Gi', simBootMs: 0 },
      HA_TIMINGS,
    );
    try {
      const { pacific, namespaces, workloads } = apiServices(p.application.container);
      const inventory = pacific.inventory;
      const names = inventory.list('Host').map((host) => host.name).sort();
      const victim = names[0]!;
      const setCordoned = async (cordoned: boolean): Promise<void> => {
        for (const name of names.slice(1)) await pacific.execute(hostAggregate, name, { type: cordoned ? 'CordonHost' : 'UncordonHost', data: { name } }, benchActor);
      };
      await namespaces.create({ name: NAMESPACE }, benchActor);
      await setCordoned(true);

      const fillBar = progress(`place ${pods} pods on ${victim}`, pods);
      const placed = watchRunning(inventory, () => fillBar.increment(), new Set([NAMESPACE]));
      const fillStart = nowMs();
      await runBounded(pods, 200, (i) => workloads.createPodVM(podInput(NAMESPACE, `pod-${i}`, 50, 32 * 2 ** 20), benchActor));
      await placed.until(pods, 300_000);
      const fillSeconds = (nowMs() - fillStart) / 1000;
      fillBar.stop();
      placed.close();
      await p.application.placement.idle();
      const onVictim = inventory.list('PodVM', NAMESPACE).filter((object) => (object.state as PodVMLive).host === victim).length;
      if (onVictim !== pods) throw new Error(`expected ${pods} pods on ${victim}, found ${onVictim}`);
      await setCordoned(false);

      let detectedAt = 0;
      const stopListening = inventory.onChange(({ object, event, live }) => {
        if (object.kind === 'Host' && object.name === victim && event.type === 'HostFailed' && live) detectedAt = nowMs();
      });
      const restartBar = progress(`restart ${pods} pods elsewhere`, pods);
      const restarted = watchRunning(inventory, () => restartBar.increment(), new Set([NAMESPACE]));
      const failedAt = nowMs();
      p.fleet.failHost(victim);
      await restarted.until(pods, 300_000);
      const doneAt = nowMs();
      restartBar.stop();
      restarted.close();
      stopListening();
      await p.ha.idle();
      await p.application.placement.idle();
      const running = inventory.list('PodVM', NAMESPACE).map((object) => object.state as PodVMLive);
      const misplaced = running.filter((pod) => pod.status !== 'Running' || pod.host === victim).length;
      if (misplaced > 0) throw new Error(`${misplaced} pods not Running elsewhere after HA`);
      if (detectedAt === 0) throw new Error('HostFailed was never seen');

      const seconds = (doneAt - detectedAt) / 1000;
      const detectionSeconds = (detectedAt - failedAt) / 1000;
      const hostsUsed = new Set(running.map((pod) => pod.host)).size;
      const met = seconds <= TARGET_SECONDS;
      printTable(
        ['host failure', 'pods', 'seconds after detection', 'pods/s', 'fresh start s (peer)', 'ratio', 'detection s', `<= ${TARGET_SECONDS} s`],
        [[`${victim} (${hostsUsed} hosts take over)`, pods, round(seconds, 2), Math.round(pods / seconds), round(fillSeconds, 2), round(fillSeconds / seconds, 2), round(detectionSeconds, 2), verdict(met)]],
      );
      console.log(`(detection follows the bench's monitor settings: every ${HA_TIMINGS.intervalMs} ms, failed after ${HA_TIMINGS.graceMs} ms of silence; the default is 1 s and 5 s)`);
      const figures = {
        sizes: { pods, hosts, store: 'sqlite', bootMs: 0, monitor: HA_TIMINGS },
        target: { seconds: TARGET_SECONDS },
        secondsAfterDetection: round(seconds, 3),
        podsPerSec: Math.round(pods / seconds),
        detectionSeconds: round(detectionSeconds, 3),
        freshStartSeconds: round(fillSeconds, 3),
        ratio: round(fillSeconds / seconds, 3),
        hostsTakingOver: hostsUsed,
        met,
      };
      saveResults('ha', figures);
      return figures;
    } finally {
      await p.stop();
    }
  });
};

if (isMain(import.meta.url)) await runHaBench();
