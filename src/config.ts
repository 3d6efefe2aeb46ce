import { DEFAULT_RATE_LIMIT, type RateLimit } from './adapters/http/admission/limits.ts';
import { cpuToMillis, quantityToBytes } from './domain/shared/resources.ts';

export type StoreKind = 'memory' | 'sqlite' | 'eventstoredb';

export interface PacificConfig {
  store: StoreKind;
  dataDir: string;
  eventStoreUrl: string | undefined;
  host: string;
  port: number;
  /** Serve plain http instead of https (no CA, no certificate); bearer tokens are still required. */
  insecureHttp: boolean;
  /** Requests per second and burst allowed to each client token (or address); 0 requests per second: no limit. */
  rateLimit: RateLimit;
  sim: { hosts: number; hostCpuMillis: number; hostMemoryBytes: number; bootMs: number };
  /** Host failure detection and HA restarts. */
  ha: { heartbeatIntervalMs: number; failureGraceMs: number; restartConcurrency: number };
}

export interface RawOptions {
  store?: string;
  dataDir?: string;
  host?: string;
  address?: string;
  port?: string | number;
  insecureHttp?: boolean;
  rateLimitQps?: string | number;
  rateLimitBurst?: string | number;
  simHosts?: string | number;
  simHostCpu?: string;
  simHostMemory?: string;
  simBootMs?: string | number;
  hostHeartbeatMs?: string | number;
  hostFailureGraceMs?: string | number;
  haRestartConcurrency?: string | number;
}

export class ConfigError extends Error {}

const storeKinds: readonly StoreKind[] = ['memory', 'sqlite', 'eventstoredb'];

const positiveInteger = (value: string | number, flag: string, allowZero = false): number => {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < (allowZero ? 0 : 1)) throw new ConfigError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return number;
};

const nonNegativeNumber = (value: string | number, flag: string): number => {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number) || number < 0) throw new ConfigError(`${flag} must be a non-negative number, got "${value}"`);
  return number;
};

const haConfig = (options: RawOptions, env: NodeJS.ProcessEnv): PacificConfig['ha'] => {
  const heartbeatIntervalMs = positiveInteger(options.hostHeartbeatMs ?? env.PACIFIC_HOST_HEARTBEAT_MS ?? 1000, '--host-heartbeat-ms');
  const failureGraceMs = positiveInteger(options.hostFailureGraceMs ?? env.PACIFIC_HOST_FAILURE_GRACE_MS ?? 5000, '--host-failure-grace-ms');
  // A grace shorter than the heartbeat would declare every host failed between two of its heartbeats.
  if (failureGraceMs < heartbeatIntervalMs) throw new ConfigError(`--host-failure-grace-ms (${failureGraceMs}) must be at least --host-heartbeat-ms (${heartbeatIntervalMs})`);
  const restartConcurrency = positiveInteger(options.haRestartConcurrency ?? env.PACIFIC_HA_RESTART_CONCURRENCY ?? 16, '--ha-restart-concurrency');
  return { heartbeatIntervalMs, failureGraceMs, restartConcurrency };
};

/** Flags win over environment variables, which win over defaults. */
export const resolveConfig = (options: RawOptions, env: NodeJS.ProcessEnv = process.env): PacificConfig => {
  const store = (options.store ?? env.PACIFIC_STORE ?? 'sqlite') as StoreKind;
  if (!storeKinds.includes(store)) throw new ConfigError(`--store must be one of ${storeKinds.join(', ')}, got "${store}"`);
  const eventStoreUrl = env.EVENTSTORE_URL || undefined;
  if (store === 'eventstoredb' && !eventStoreUrl) throw new ConfigError('--store eventstoredb needs EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false)');
  let hostCpuMillis: number;
  let hostMemoryBytes: number;
  try {
    hostCpuMillis = cpuToMillis(options.simHostCpu ?? env.PACIFIC_SIM_HOST_CPU ?? '64', '--sim-host-cpu');
    hostMemoryBytes = quantityToBytes(options.simHostMemory ?? env.PACIFIC_SIM_HOST_MEMORY ?? '512Gi', '--sim-host-memory');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    store,
    dataDir: options.dataDir ?? env.PACIFIC_DATA_DIR ?? './data',
    eventStoreUrl,
    host: options.address ?? options.host ?? env.PACIFIC_ADDRESS ?? '127.0.0.1',
    port: positiveInteger(options.port ?? env.PACIFIC_PORT ?? 6443, '--port', true),
    insecureHttp: options.insecureHttp ?? ['1', 'true', 'yes'].includes((env.PACIFIC_INSECURE_HTTP ?? '').toLowerCase()),
    rateLimit: {
      requestsPerSecond: nonNegativeNumber(options.rateLimitQps ?? env.PACIFIC_RATE_LIMIT_QPS ?? DEFAULT_RATE_LIMIT.requestsPerSecond, '--rate-limit-qps'),
      burst: positiveInteger(options.rateLimitBurst ?? env.PACIFIC_RATE_LIMIT_BURST ?? DEFAULT_RATE_LIMIT.burst, '--rate-limit-burst'),
    },
    sim: {
      hosts: positiveInteger(options.simHosts ?? env.PACIFIC_SIM_HOSTS ?? 4, '--sim-hosts', true),
      hostCpuMillis,
      hostMemoryBytes,
      bootMs: positiveInteger(options.simBootMs ?? env.PACIFIC_SIM_BOOT_MS ?? 300, '--sim-boot-ms', true),
    },
    ha: haConfig(options, env),
  };
};
