import { join } from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servePacific, type ServedPacific } from '../acceptance/support/spawn.ts';
import { adminToken, artifactsDir, chromiumPath, ensureUiBuilt, hasChromium, launchBrowser, type Browser } from './support/browser.ts';

if (!hasChromium() && process.env.CI) {
  describe('admin console in Chromium', () => {
    it('has Chromium to drive', () => {
      expect.fail(`${chromiumPath} is missing: CI must install Debian's chromium (.ci/run does); these tests never skip in CI`);
    });
  });
}
if (!hasChromium() && !process.env.CI) console.warn(`admin console tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);

const vm = (name: string) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name, namespace: 'shop' },
  spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn' },
});

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '500m', memory: '512Mi' } } }] },
});

// The console against the real `pacific serve` (a child process on SQLite), driven in headless Chromium.
describe.skipIf(!hasChromium())('admin console in Chromium', { timeout: 60_000 }, () => {
  let pacific: ServedPacific;
  let browser: Browser;
  let page: Page;
  let api: APIRequestContext;
  let token: string;
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
  const call = async (method: 'get' | 'post', path: string, data?: unknown) => {
    const response = await api[method](`${pacific.url}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, ...(data ? { data } : {}) });
    const body = await response.json();
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
    return body;
  };
  const row = (kind: string, name: string) => page.locator(`tr[data-kind="${kind}"][data-name="${name}"]`);

  beforeAll(async () => {
    ensureUiBuilt();
    pacific = await servePacific(['--sim-boot-ms', '50']);
    token = adminToken(pacific.kubeconfig);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    api = browser.context.request;
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Uncaught/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pacific?.stop();
  });

  it('signs in with the admin token from the kubeconfig', async () => {
    await page.goto(`${pacific.url}/ui/`);
    if (token !== 'no-token-needed') {
      await page.getByLabel('Token').fill('not-a-valid-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: /refused|Unauthorized/i }).waitFor();
    }
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
    await page.getByRole('meter', { name: 'CPU of esx-01' }).waitFor();
    if (token !== 'no-token-needed') await page.getByText('Signed in as admin').waitFor();
    expect(await page.getByRole('meter', { name: /^Pod VMs on esx-0\d$/ }).count()).toBe(4);
    await shot('01-inventory');
  });

  it('creates a namespace with a quota', async () => {
    await page.getByRole('button', { name: 'New namespace' }).click();
    await page.getByLabel('Name', { exact: true }).fill('shop');
    await page.locator('#new-namespace-cpu').fill('8');
    await page.locator('#new-namespace-memory').fill('16Gi');
    await page.locator('#new-namespace-pods').fill('20');
    await page.getByRole('button', { name: 'Create namespace' }).click();
    const card = page.locator('article[data-namespace="shop"]');
    await card.getByRole('meter', { name: 'CPU quota of shop' }).waitFor();
    expect(await card.getByRole('meter', { name: 'CPU quota of shop' }).getAttribute('aria-valuetext')).toContain('0 CPU of 8 CPU');
    expect(await card.getByRole('meter', { name: 'Memory quota of shop' }).getAttribute('aria-valuetext')).toContain('of 16 GiB');
    const quotas = await call('get', '/api/v1/namespaces/shop/resourcequotas');
    expect(quotas.items.map((q: { spec: { hard: Record<string, string> } }) => q.spec.hard)).toEqual([{ 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '20' }]);
    await shot('02-namespace-created');
  });

  it('shows VMs and pods applied through the API as they come, without a reload', async () => {
    await page.getByRole('link', { name: 'shop', exact: true }).click();
    await page.getByRole('heading', { name: /Namespace shop/, level: 1 }).waitFor();
    await page.evaluate('window.stillHere = true');
    await call('post', '/apis/storage.k8s.io/v1/storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'csi.vsphere.vmware.com' });
    await call('post', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', vm('db'));
    await row('VirtualMachine', 'db').waitFor();
    await call('post', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', vm('cache'));
    await call('post', '/api/v1/namespaces/shop/pods', pod('web-1'));
    await row('VirtualMachine', 'db').getByText('PoweredOn').waitFor();
    await row('VirtualMachine', 'cache').getByText('PoweredOn').waitFor();
    await row('Pod', 'web-1').getByText('Running').waitFor();
    // The quota follows: two VMs of 2 CPU and the pod's 500m are now used.
    await vi.waitFor(async () => expect(await page.getByRole('meter', { name: 'CPU quota of shop' }).getAttribute('aria-valuetext')).toContain('4.5 CPU of 8 CPU'), { timeout: 10_000, interval: 100 });
    expect(await page.evaluate('window.stillHere')).toBe(true);
    await shot('03-vms-arrived');
  });

  it('switches encryption on from the keyboard and sees every VM and pod marked encrypted', async () => {
    const toggle = page.getByRole('switch', { name: /Encrypt every VM and pod VM of shop/ });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Space');
    await vi.waitFor(async () => expect(await toggle.getAttribute('aria-checked')).toBe('true'), { timeout: 10_000, interval: 100 });
    for (const [kind, name] of [['VirtualMachine', 'db'], ['VirtualMachine', 'cache'], ['Pod', 'web-1']] as const) {
      await row(kind, name).getByText('Encrypted', { exact: true }).waitFor();
    }
    expect(await page.getByText('Not encrypted', { exact: true }).count()).toBe(0);
    const vms = await call('get', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines');
    expect(vms.items.map((item: { status: { crypto?: unknown } }) => item.status.crypto !== undefined)).toEqual([true, true]);
    const policies = await call('get', '/apis/pacific.io/v1alpha1/namespaces/shop/namespacepolicies');
    expect(policies.items.map((p: { spec: { encryption: string } }) => p.spec.encryption)).toEqual(['Enabled']);
    await page.getByText(/2\/2 virtual machines and 1\/1 pod VMs encrypted/).waitFor();
    await shot('04-encrypted');
  });

  it('takes a snapshot, restores it and migrates the namespace off a host, each from one click', async () => {
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    const snapshots = page.getByRole('table', { name: 'Snapshots of shop' });
    await snapshots.getByText('Completed', { exact: true }).waitFor({ timeout: 15_000 });
    const [snapshot] = (await call('get', '/apis/pacific.io/v1alpha1/namespaces/shop/namespacesnapshots')).items;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Restore shop to ${snapshot.metadata.name}` }).click();
    await page.getByRole('table', { name: 'Restores of shop' }).getByText('Completed', { exact: true }).waitFor({ timeout: 15_000 });
    const [restore] = (await call('get', '/apis/pacific.io/v1alpha1/namespaces/shop/namespacerestores')).items;
    expect(restore.spec).toEqual({ snapshotName: snapshot.metadata.name });
    const dbHost = (await call('get', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db')).status.nodeName as string;
    await page.getByRole('checkbox', { name: new RegExp(`^${dbHost}\\b.*of this namespace`) }).check();
    await page.getByRole('button', { name: 'Migrate' }).click();
    await page.getByRole('table', { name: 'Migrations of shop' }).getByText('Completed', { exact: true }).waitFor({ timeout: 15_000 });
    const [migration] = (await call('get', '/apis/pacific.io/v1alpha1/namespaces/shop/namespacemigrations')).items;
    expect(migration.spec).toEqual({ fromHosts: [dbHost] });
    await vi.waitFor(async () => expect(await row('VirtualMachine', 'db').getByRole('cell').nth(3).textContent()).not.toBe(dbHost), { timeout: 10_000, interval: 100 });
    await shot('05-operations');
  });

  it("opens an object's history and steps the namespace back to before it was encrypted", async () => {
    await row('VirtualMachine', 'db').getByRole('link', { name: 'db' }).click();
    await page.getByRole('heading', { name: 'Virtual machine db', level: 1 }).waitFor();
    const history = page.getByRole('table', { name: 'Event history' });
    for (const reason of ['Created', 'Placed', 'PoweredOn', 'Encrypted']) await history.getByRole('cell', { name: reason, exact: true }).waitFor();
    await page.getByRole('table', { name: 'Conditions' }).getByRole('cell', { name: 'PlacementReady' }).waitFor();
    const slider = page.getByLabel(/Step through db's history/);
    await slider.focus();
    await page.keyboard.press('Home');
    const past = page.getByRole('table', { name: /Objects of shop as of/ });
    await past.locator('tr[data-kind="VirtualMachine"][data-name="db"]').getByText('Not encrypted', { exact: true }).waitFor();
    await shot('06-history-as-of-first-event');
    await page.keyboard.press('End');
    await past.locator('tr[data-kind="VirtualMachine"][data-name="db"]').getByText('Encrypted', { exact: true }).waitFor();
    await shot('07-history-as-of-last-event');
  });

  it('shows a host with its utilisation over time and its history', async () => {
    await page.getByRole('link', { name: 'Inventory' }).first().click();
    await page.getByRole('img', { name: /CPU allocation of each host/ }).waitFor();
    await page.getByRole('radio', { name: 'Memory' }).check();
    await page.getByRole('img', { name: /Memory allocation of each host/ }).waitFor();
    await page.getByRole('link', { name: 'esx-01', exact: true }).click();
    await page.getByRole('heading', { name: 'Host esx-01', level: 1 }).waitFor();
    await page.getByRole('img', { name: /CPU allocation of host esx-01/ }).waitFor();
    await page.getByRole('table', { name: 'Event history' }).getByRole('cell', { name: 'Registered', exact: true }).waitFor();
    await shot('08-host');
  });

  it('fits a tablet screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Inventory' }).first().click();
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(820);
    await shot('09-inventory-tablet');
    await page.getByRole('link', { name: 'shop', exact: true }).click();
    await page.getByRole('heading', { name: /Namespace shop/, level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(820);
    await shot('10-namespace-tablet');
    expect(problems).toEqual([]);
  });
});
