import type { WhatIfAnswer } from '../application/scheduler/what-if.ts';
import { kubeconfigPath, readKubeconfig, type KubeconfigTarget } from './sim.ts';
import { requestServer } from './server-request.ts';
import { formatTable } from './table.ts';

export interface WhatifFlags {
  /** The server's URL; else the kubeconfig's current context. */
  server?: string;
  kubeconfig?: string;
  /** 'json' prints the endpoint's answer as it is. */
  output?: string;
}

/** The answer as a person reads it: a summary line, then one row per workload. */
export const formatWhatIf = (answer: WhatIfAnswer): string => {
  const { host, workloads, placed, unplaceable } = answer;
  if (workloads === 0) return `If ${host} failed, no workload would need a new host.`;
  const summary =
    unplaceable.length === 0
      ? `If ${host} failed, all ${workloads} workload(s) on it would find room elsewhere.`
      : `If ${host} failed, ${unplaceable.length} of its ${workloads} workload(s) would find no room elsewhere.`;
  const rows = [
    ...unplaceable.map((w) => [w.kind, w.namespace, w.name, 'Pending', w.reason]),
    ...placed.map((w) => [w.kind, w.namespace, w.name, 'Restarted', `on ${w.toHost}`]),
  ];
  return `${summary}\n${formatTable(['KIND', 'NAMESPACE', 'NAME', 'OUTCOME', 'DETAILS'], rows)}`;
};

/** `pacific whatif fail-host NAME`: asks the running server; prints the answer; returns the exit code. */
export const runWhatif = async (host: string, flags: WhatifFlags, out: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> => {
  // --server alone sends no credentials; with --kubeconfig too, that file's token and CA go to --server.
  const target: KubeconfigTarget = flags.server
    ? { ...(flags.kubeconfig ? readKubeconfig(flags.kubeconfig) : {}), server: flags.server.replace(/\/+$/, '') }
    : readKubeconfig(kubeconfigPath(flags, env));
  let response: { status: number; body: string };
  try {
    response = await requestServer(target, 'GET', `/admin/whatif/fail-host/${encodeURIComponent(host)}`);
  } catch (error) {
    throw new Error(`cannot reach the Pacific server at ${target.server}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  if (response.status !== 200 || body === undefined) {
    out(`error: ${(body as { message?: string } | undefined)?.message ?? (response.body || `HTTP ${response.status}`)}`);
    return 1;
  }
  out(flags.output === 'json' ? JSON.stringify(body, null, 2) : formatWhatIf(body as WhatIfAnswer));
  return 0;
};
