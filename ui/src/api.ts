import { apiErrorOf, type ApiError } from './lib/errors.ts';
import { KINDS, type Kind } from './lib/kinds.ts';
import type { Fetcher } from './lib/watch.ts';

const TOKEN_KEY = 'pacific.token';

// The token lives in this tab's session storage only: closing the tab signs out.
let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
const signedOutListeners = new Set<(reason: string) => void>();

export const currentToken = (): string => token;

export const signIn = (value: string): void => {
  token = value;
  sessionStorage.setItem(TOKEN_KEY, value);
};

export const signOut = (reason = ''): void => {
  token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  for (const listener of signedOutListeners) listener(reason);
};

export const onSignedOut = (listener: (reason: string) => void): (() => void) => {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
};

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  Accept: 'application/json',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
  ...extra,
});

/** A 401 means the token is no longer accepted: back to the sign-in form. */
const check401 = (error: ApiError): ApiError => {
  if (error.code === 401) signOut('The server no longer accepts this token. Sign in again.');
  return error;
};

export const request = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': contentType }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (!response.ok) throw check401(apiErrorOf(response.status, parsed, `${method} ${path}: ${response.status} ${response.statusText}`));
  return parsed as T;
};

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const create = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);
export const mergePatch = <T>(path: string, patch: unknown): Promise<T> => request<T>('PATCH', path, patch, 'application/merge-patch+json');
export const remove = <T>(path: string): Promise<T> => request<T>('DELETE', path);

/** What watches use: the same credentials, the response left to stream. */
export const watchFetcher: Fetcher = (path, signal) => fetch(path, { headers: headers(), signal, credentials: 'omit', cache: 'no-store' });

export const onWatchFatal = (error: ApiError): void => {
  check401(error);
};

/** Checks a token before keeping it: any authenticated read will do. */
export const tryToken = async (candidate: string): Promise<void> => {
  const response = await fetch('/api/v1/namespaces?limit=1', { headers: { Accept: 'application/json', Authorization: `Bearer ${candidate}` }, credentials: 'omit', cache: 'no-store' });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw apiErrorOf(response.status, body, response.status === 401 ? 'The server refused this token.' : `The server answered ${response.status} ${response.statusText}.`);
  }
};

/** Whether the server serves a kind (NamespacePermission comes with authorization). */
export const serves = async (kind: Kind): Promise<boolean> => {
  try {
    const list = await get<{ resources: { kind: string; name: string }[] }>(kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`);
    return list.resources.some((resource) => resource.kind === kind.kind && !resource.name.includes('/'));
  } catch {
    return false;
  }
};

export const servesPermissions = (): Promise<boolean> => serves(KINDS.NamespacePermission);

/** Who the token stands for, when the server tells (SelfSubjectReview). */
export const whoAmI = async (): Promise<string | undefined> => {
  try {
    const review = await create<{ status?: { userInfo?: { username?: string } } }>('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    return review.status?.userInfo?.username;
  } catch {
    return undefined;
  }
};
