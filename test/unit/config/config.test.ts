import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../src/config.ts';

describe('configuration', () => {
  it('takes host failure detection and HA settings from flags, then the environment, then defaults', () => {
    expect(resolveConfig({}, {}).ha).toEqual({ heartbeatIntervalMs: 1000, failureGraceMs: 5000, restartConcurrency: 16 });
    const env = { PACIFIC_HOST_HEARTBEAT_MS: '200', PACIFIC_HOST_FAILURE_GRACE_MS: '1000', PACIFIC_HA_RESTART_CONCURRENCY: '4' };
    expect(resolveConfig({}, env).ha).toEqual({ heartbeatIntervalMs: 200, failureGraceMs: 1000, restartConcurrency: 4 });
    expect(resolveConfig({ hostFailureGraceMs: '1500', haRestartConcurrency: 32 }, env).ha).toEqual({ heartbeatIntervalMs: 200, failureGraceMs: 1500, restartConcurrency: 32 });
  });

  it('refuses HA settings that cannot work, naming the flag', () => {
    expect(() => resolveConfig({ hostHeartbeatMs: '0' }, {})).toThrow(new ConfigError('--host-heartbeat-ms must be a positive integer, got "0"'));
    expect(() => resolveConfig({ hostFailureGraceMs: 'soon' }, {})).toThrow(/--host-failure-grace-ms must be a positive integer/);
    expect(() => resolveConfig({ hostHeartbeatMs: 2000, hostFailureGraceMs: 1000 }, {})).toThrow('--host-failure-grace-ms (1000) must be at least --host-heartbeat-ms (2000)');
    expect(() => resolveConfig({ haRestartConcurrency: '-1' }, {})).toThrow(/--ha-restart-concurrency/);
  });
});
