import { Command, Option } from 'commander';
import { runAudit } from './cli/audit.ts';
import { packageVersion } from './cli/package-version.ts';
import { runReplay, type ReplayFlags } from './cli/replay.ts';
import { startServer } from './cli/serve.ts';
import { runSim, type SimFlags } from './cli/sim.ts';
import { runWhatif, type WhatifFlags } from './cli/whatif.ts';
import { runTokenCreate, runTokenRevoke, type TokenFlags } from './cli/token.ts';
import { ConfigError, resolveConfig, type RawOptions } from './config.ts';

const storeOptions = (command: Command): Command =>
  command
    .addOption(new Option('--store <kind>', 'event store: memory, sqlite or eventstoredb (EVENTSTORE_URL)').choices(['memory', 'sqlite', 'eventstoredb']))
    .option('--data-dir <dir>', 'where the sqlite store keeps its files (default ./data)');

const program = new Command('pacific').description('An event-sourced hypervisor fleet whose control plane is a Kubernetes API').version(packageVersion());

const fail = (error: unknown): never => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
};

storeOptions(program.command('serve').description('run the API server with its store, projection and simulated fleet'))
  .option('--address <address>', 'address to listen on (default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default 6443; 0 picks a free one)')
  .option('--sim-hosts <n>', 'simulated hosts (default 4)')
  .option('--sim-host-cpu <cpu>', 'CPU of each simulated host (default 64)')
  .option('--sim-host-memory <memory>', 'memory of each simulated host (default 512Gi)')
  .option('--sim-boot-ms <ms>', 'boot time of a simulated VM (default 300)')
  .option('--insecure-http', 'serve plain http instead of https (tokens are still required)')
  .option('--rate-limit-qps <n>', 'requests per second allowed to each token or client address (default 50; 0 turns the limit off)')
  .option('--rate-limit-burst <n>', 'requests a client may send at once before the rate applies (default 200)')
  .option('--host-heartbeat-ms <ms>', 'how often each host is asked whether it is alive (default 1000)')
  .option('--host-failure-grace-ms <ms>', 'how long a host may stay silent before it is declared failed and HA restarts its workloads (default 5000)')
  .option('--ha-restart-concurrency <n>', 'restarts in flight at once for one failed host (default 16)')
  .action(async (options: RawOptions) => {
    try {
      const server = await startServer(resolveConfig(options));
      const shutdown = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    } catch (error) {
      fail(error);
    }
  });

storeOptions(program.command('audit').argument('<reference>', 'KIND/NAMESPACE/NAME, or KIND/NAME for namespaces and nodes').description("print an object's whole history"))
  .action(async (reference: string, options: RawOptions) => {
    try {
      process.exitCode = await runAudit(reference, resolveConfig(options), console.log);
    } catch (error) {
      fail(error);
    }
  });

storeOptions(program.command('replay').description('rebuild the inventory from the event log'))
  .option('--verify', "compare the rebuilt inventory with the running server's live projection")
  .option('--at <instant>', 'print the inventory as it was at an ISO-8601 instant')
  .option('--server <url>', 'the running server to verify against (default: the one recorded in the data dir)')
  .action(async (options: RawOptions & ReplayFlags) => {
    try {
      process.exitCode = await runReplay(options, resolveConfig(options), console.log);
    } catch (error) {
      fail(error);
    }
  });

const sim = program.command('sim').description("failure injection on the running server's simulated fleet (server from KUBECONFIG or --kubeconfig)");
for (const [action, what] of [
  ['fail-host', 'make a simulated host stop answering (what it runs is lost)'],
  ['recover-host', 'bring a failed simulated host back'],
] as const) {
  sim
    .command(action)
    .argument('<name>', 'host (node) name')
    .option('--kubeconfig <path>', 'kubeconfig naming the server')
    .description(what)
    .action(async (name: string, options: SimFlags) => {
      try {
        process.exitCode = await runSim(action, name, options, console.log);
      } catch (error) {
        fail(error);
      }
    });
}

program
  .command('whatif')
  .description('ask the running server what a failure would do, answered from its projection alone')
  .command('fail-host')
  .argument('<name>', 'the host (node) that would fail')
  .description('which workloads on NAME would find no room elsewhere if it failed now')
  .option('--server <url>', 'the running server (default: the current context of KUBECONFIG / --kubeconfig)')
  .option('--kubeconfig <file>', 'kubeconfig naming the server (default: KUBECONFIG, then ~/.kube/config)')
  .option('-o, --output <format>', '"json" prints the answer as the endpoint gives it')
  .action(async (name: string, options: WhatifFlags) => {
    try {
      process.exitCode = await runWhatif(name, options, console.log);
    } catch (error) {
      fail(error);
    }
  });

const token = program.command('token').description("bearer tokens of the running server's users (server and admin token from KUBECONFIG or --kubeconfig)");
token
  .command('create')
  .description('issue a token for a user and print a kubeconfig for that user (admin only)')
  .requiredOption('--user <name>', 'the user the token stands for')
  .option('--group <group>', 'a group of the token (repeatable; pacific:admins makes an administrator)', (group: string, groups: string[] = []) => [...groups, group])
  .option('--kubeconfig <file>', 'kubeconfig of an administrator naming the server (default: KUBECONFIG, then ~/.kube/config)')
  .action(async (options: TokenFlags) => {
    try {
      process.exitCode = await runTokenCreate(options, console.log);
    } catch (error) {
      fail(error);
    }
  });
token
  .command('revoke')
  .description('revoke a token by the id `token create` printed (admin only)')
  .requiredOption('--user <name>', 'the user holding the token')
  .requiredOption('--id <tokenId>', 'the token id')
  .option('--kubeconfig <file>', 'kubeconfig of an administrator naming the server (default: KUBECONFIG, then ~/.kube/config)')
  .action(async (options: TokenFlags) => {
    try {
      process.exitCode = await runTokenRevoke(options, console.log);
    } catch (error) {
      fail(error);
    }
  });

await program.parseAsync(process.argv);
