import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { parse } from 'yaml';
import { root } from '../../acceptance/support/spawn.ts';

/** Debian's Chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = (): boolean => {
  try {
    accessSync(chromiumPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where screenshots go: test-results/ is not committed; CI keeps it as the run's artifacts. */
export const artifactsDir = join(root, 'test-results', 'ui');

const uiDir = join(root, 'ui');
const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

/** Builds the console when ui/dist is missing or older than its sources (npm ci builds it too). */
export const ensureUiBuilt = (): void => {
  const index = join(uiDir, 'dist', 'index.html');
  const sources = Math.max(newest(join(uiDir, 'src')), statSync(join(uiDir, 'index.html')).mtimeMs, statSync(join(uiDir, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // Vitest sets NODE_ENV=test, which would make Vite build for development.
  execFileSync('npm', ['run', 'build:ui'], { cwd: root, stdio: 'pipe', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } });
};

/** The admin user's bearer token from the kubeconfig `pacific serve` wrote (none before authentication existed). */
export const adminToken = (kubeconfig: string): string => {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as { users?: { user?: { token?: string } }[] };
  return config.users?.find((u) => u.user?.token)?.user?.token ?? 'no-token-needed';
};

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, as this machine runs it (no network beyond loopback). */
export const launchBrowser = async (): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'pacific-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // The server's certificate is signed by its own CA.
    ignoreHTTPSErrors: true,
    viewport: { width: 1366, height: 900 },
    timeout: 30_000,
  });
  mkdirSync(artifactsDir, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
