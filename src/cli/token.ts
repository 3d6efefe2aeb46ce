import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_GROUP, ADMIN_USER } from '../adapters/http/auth/request-user.ts';
import { renderKubeconfig } from '../adapters/http/ops/kubeconfig.ts';
import type { IdentityService } from '../application/services/identity.service.ts';
import { messageOf, requestServer, type ServerAnswer } from './server-request.ts';
import { kubeconfigPath, readKubeconfig, type KubeconfigTarget } from './sim.ts';

export interface TokenFlags {
  user: string;
  /** Groups of the new token (repeatable --group). */
  group?: string[];
  /** Id of the token to revoke. */
  id?: string;
  kubeconfig?: string;
}

const ask = async (target: KubeconfigTarget, method: string, path: string, body?: unknown): Promise<ServerAnswer> => {
  try {
    return await requestServer(target, method, path, body);
  } catch (error) {
    throw new Error(`cannot reach the Pacific server at ${target.server}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/**
 * `pacific token create --user NAME [--group G]...`: asks the server of the kubeconfig (as an
 * admin) for a new token and prints a kubeconfig for that user: same server and CA, the new token.
 */
export const runTokenCreate = async (flags: TokenFlags, out: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> => {
  const target = readKubeconfig(kubeconfigPath(flags, env));
  const answer = await ask(target, 'POST', '/admin/tokens', { user: flags.user, groups: flags.group ?? [] });
  if (answer.status !== 201) {
    out(`error: ${messageOf(answer)}`);
    return 1;
  }
  const issued = JSON.parse(answer.body) as { user: string; tokenId: string; token: string };
  out(`# token ${issued.tokenId} for user ${issued.user}; revoke with: pacific token revoke --user ${issued.user} --id ${issued.tokenId}`);
  out(renderKubeconfig(target.server, { token: issued.token, ...(target.caData ? { caData: target.caData } : {}), userName: issued.user, contextName: `${issued.user}@pacific` }).trimEnd());
  return 0;
};

/** `pacific token revoke --user NAME --id TOKEN_ID`: the token stops working at once. */
export const runTokenRevoke = async (flags: TokenFlags, out: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> => {
  if (!flags.id) {
    out('error: --id is required (the id `pacific token create` printed)');
    return 2;
  }
  const target = readKubeconfig(kubeconfigPath(flags, env));
  const answer = await ask(target, 'DELETE', `/admin/tokens/${encodeURIComponent(flags.user)}/${encodeURIComponent(flags.id)}`);
  out(answer.status === 200 ? messageOf(answer) : `error: ${messageOf(answer)}`);
  return answer.status === 200 ? 0 : 1;
};

/**
 * The admin's token, kept in `<dataDir>/admin-token` (mode 0600): issued on first start (user
 * admin, group pacific:admins), reused while the store still knows it.
 */
export const ensureAdminToken = async (dataDir: string, identities: IdentityService): Promise<{ token: string; created: boolean }> => {
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    const user = identities.authenticate(token);
    if (user?.name === ADMIN_USER && user.groups.includes(ADMIN_GROUP)) return { token, created: false };
  }
  const issued = await identities.issueToken(ADMIN_USER, [ADMIN_GROUP], { actor: 'system:bootstrap' });
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${issued.token}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return { token: issued.token, created: true };
};
