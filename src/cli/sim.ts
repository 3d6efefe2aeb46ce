import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { messageOf, requestServer, type ServerAnswer } from './server-request.ts';

export type SimAction = 'fail-host' | 'recover-host';

export interface SimFlags {
  kubeconfig?: string;
}

export interface KubeconfigTarget {
  server: string;
  token?: string;
  caData?: string;
  insecure?: boolean;
}

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string } }[];
  clusters?: { name: string; cluster?: { server?: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users?: { name: string; user?: { token?: string } }[];
}

/** The kubeconfig kubectl would use: --kubeconfig, else the first existing file of KUBECONFIG, else ~/.kube/config. */
export const kubeconfigPath = (flags: SimFlags, env: NodeJS.ProcessEnv = process.env): string => {
  if (flags.kubeconfig) return flags.kubeconfig;
  const candidates = (env.KUBECONFIG ?? '').split(delimiter).filter((path) => path.length > 0);
  return candidates.find((path) => existsSync(path)) ?? candidates[0] ?? join(homedir(), '.kube', 'config');
};

/** The current context's server, token and CA from a kubeconfig file. */
export const readKubeconfig = (path: string): KubeconfigTarget => {
  if (!existsSync(path)) throw new Error(`kubeconfig ${path} not found (set KUBECONFIG or pass --kubeconfig)`);
  const config = (parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile;
  const contextName = config['current-context'] ?? config.contexts?.[0]?.name;
  const context = config.contexts?.find((candidate) => candidate.name === contextName)?.context;
  const cluster = config.clusters?.find((candidate) => candidate.name === context?.cluster)?.cluster ?? config.clusters?.[0]?.cluster;
  if (!cluster?.server) throw new Error(`kubeconfig ${path} names no server for context "${contextName ?? ''}"`);
  const user = config.users?.find((candidate) => candidate.name === context?.user)?.user;
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(user?.token ? { token: user.token } : {}),
    ...(cluster['certificate-authority-data'] ? { caData: cluster['certificate-authority-data'] } : {}),
    ...(cluster['insecure-skip-tls-verify'] ? { insecure: true } : {}),
  };
};

/**
 * `pacific sim fail-host NAME` / `recover-host NAME`: failure injection on the running server's
 * simulated fleet, through its admin endpoint. Prints what happened; returns the exit code.
 */
export const runSim = async (action: SimAction, host: string, flags: SimFlags, out: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> => {
  const target = readKubeconfig(kubeconfigPath(flags, env));
  const verb = action === 'fail-host' ? 'fail' : 'recover';
  let response: ServerAnswer;
  try {
    response = await requestServer(target, 'POST', `/admin/sim/hosts/${encodeURIComponent(host)}/${verb}`);
  } catch (error) {
    throw new Error(`cannot reach the Pacific server at ${target.server}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const message = messageOf(response);
  if (response.status >= 200 && response.status < 300) {
    out(message);
    return 0;
  }
  out(`error: ${message}`);
  return 1;
};
