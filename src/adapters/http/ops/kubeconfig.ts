import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Bearer token of the user. */
  token?: string;
  /** Base64 PEM of the CA that signed the server's certificate (https servers). */
  caData?: string;
  /** Name of the context, and the current context; default 'pacific'. */
  contextName?: string;
  /** Name of the user entry; default 'admin'. */
  userName?: string;
}

/** A kubeconfig naming one cluster, one user and one context, as YAML. */
export const renderKubeconfig = (server: string, options: KubeconfigOptions = {}): string => {
  const contextName = options.contextName ?? 'pacific';
  const userName = options.userName ?? 'admin';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: 'pacific',
        cluster: {
          server,
          ...(options.caData ? { 'certificate-authority-data': options.caData } : {}),
          // client-node refuses a plain-http cluster unless told that no TLS check applies; https is always verified.
          ...(server.startsWith('http://') && !options.caData ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: userName, user: options.token ? { token: options.token } : {} }],
    contexts: [{ name: contextName, context: { cluster: 'pacific', user: userName } }],
    'current-context': contextName,
  };
  return stringify(config);
};

/**
 * Writes `<dataDir>/kubeconfig` (mode 0600, it may hold a token) so that
 * `KUBECONFIG=<dataDir>/kubeconfig kubectl ...` talks to `server`. Returns the file's path.
 */
export const writeKubeconfig = (dataDir: string, server: string, options: KubeconfigOptions = {}): string => {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'kubeconfig');
  // Written aside and renamed, so a kubectl reading meanwhile never sees half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, renderKubeconfig(server, options), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
};
