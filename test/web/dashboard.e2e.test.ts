/**
 * The dashboard end to end, in Debian's Chromium against what `npm start`
 * runs: the real daemon, QEMU and the demo guest; one daemon, one guest, one
 * browser for the file. Each page is also written as a screenshot
 * (.cache/screenshots/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, type TestContext, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../../src/api-client/client.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { agentAnswers, eventually, killQuietly } from '../daemon/support/daemon.js';
import { runQmon } from '../support/cli.js';
import { collectPageErrors, launchChromium, screenshot } from './support/browser.js';
import { type DashboardProcess, startDashboard } from './support/dashboard-process.js';

const VIEWER = { name: 'watcher', password: 'watcher-password' };

let dashboard: DashboardProcess;
let daemon: { url: string };
let qemuPid: number;
let admin: ApiClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let routes: Set<string>;

/** Runs a shell line in the guest through the agent; resolves with its output once it ends. */
async function guestShell(line: string, wait = true): Promise<string> {
  const { pid } = (await admin.agent('demo', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', line],
    'capture-output': true,
  })) as { pid: number };
  if (!wait) return '';
  return eventually(
    async () => {
      const status = (await admin.agent('demo', 'guest-exec-status', { pid })) as {
        exited: boolean;
        'out-data'?: string;
      };
      return status.exited ? Buffer.from(status['out-data'] ?? '', 'base64').toString() : undefined;
    },
    15_000,
    `the guest command ${line}`,
  );
}

/** Skips a test whose daemon route is not in this build (listed in the report, not hidden). */
function needsRoute(t: TestContext, path: string): boolean {
  if (routes.has(path)) return true;
  t.skip(`the daemon has no ${path}`);
  return false;
}

async function terminalText(selector: string): Promise<string> {
  return page.$eval(
    selector,
    (element) => (element as unknown as { terminalText?: () => string }).terminalText?.() ?? '',
  );
}

async function login(target: Page, user: { name: string; password: string }): Promise<void> {
  await target.goto(daemon.url);
  await target.fill('input[name=name]', user.name);
  await target.fill('input[name=password]', user.password);
  await target.click('button[type=submit]');
  await target.waitForSelector('[data-testid=whoami]');
}

before(async () => {
  dashboard = await startDashboard();
  daemon = { url: dashboard.url };
  admin = new ApiClient({ baseUrl: dashboard.url });
  await admin.login('admin', dashboard.password);
  await admin.createUser(VIEWER.name, VIEWER.password, 'viewer');
  const document = (await admin.request('GET', '/openapi.json')) as {
    paths: Record<string, unknown>;
  };
  routes = new Set(Object.keys(document.paths));
  qemuPid = (await admin.getVm('demo')).pid!;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
  await agentAnswers(admin, 'demo', 120_000);
});

after(async () => {
  await browser?.close();
  if (dashboard && dashboard.child.exitCode === null) {
    killQuietly(dashboard.child.pid);
    killQuietly(qemuPid);
  }
});

test('an unauthenticated page load gets the login page', async () => {
  await page.goto(daemon.url);
  await page.waitForSelector('form.login');
  assert.equal(await page.isVisible('[data-testid=whoami]'), false);
  await screenshot(page, 'login');
});

test('the one-time login link logs in; the list shows the demo VM live', async () => {
  await page.goto(dashboard.loginLink);
  await page.waitForSelector('[data-testid=whoami]:text("admin")');
  assert.equal(new URL(page.url()).hash, '#/');
  await page.waitForSelector('tr[data-vm=demo] [data-testid=state]:text("running")');
  // The agent's facts come in as the guest answers.
  await page.waitForSelector('tr[data-vm=demo] td:text("10.0.2.15")', { timeout: 20_000 });
  if (routes.has('/api/v1/vms/{id}/screenshot'))
    await page.waitForFunction(
      () => {
        const image = (
          globalThis as unknown as { document: { querySelector(s: string): unknown } }
        ).document.querySelector('tr[data-vm=demo] img.thumb') as { naturalWidth?: number } | null;
        return (image?.naturalWidth ?? 0) > 0;
      },
      null,
      { timeout: 20_000 },
    );
  await screenshot(page, 'vm-list');
});

test('the list filters, and pauses and resumes the selected VMs at once', async () => {
  await page.fill('input[type=search]', 'no-such-vm');
  await page.waitForSelector('tr[data-vm=demo]', { state: 'detached' });
  await page.fill('input[type=search]', '10.0.2');
  await page.check('tr[data-vm=demo] input[type=checkbox]');
  await page.click('.bulk button:text-is("pause")');
  await page.waitForSelector('tr[data-vm=demo] [data-testid=state]:text("paused")');
  assert.equal((await admin.getVm('demo')).state, 'paused');
  await page.click('.bulk button:text-is("resume")');
  await page.waitForSelector('tr[data-vm=demo] [data-testid=state]:text("running")');
  await page.fill('input[type=search]', '');
});

test('the serial console shows boot output, and the persistent log after a reload', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/console/{kind}')) return;
  await page.goto(`${daemon.url}/#/vms/demo/serial`);
  const boot = /qmon-guest: agent starting/;
  await eventually(
    async () => (boot.test(await terminalText('[data-testid=serial-terminal]')) ? true : undefined),
    20_000,
    'boot output in the serial console',
  );
  const marker = `live-${process.pid}`;
  await guestShell(`echo ${marker} > /dev/ttyS0`);
  await eventually(
    async () =>
      (await terminalText('[data-testid=serial-terminal]')).includes(marker) ? true : undefined,
    10_000,
    'live output in the serial console',
  );
  await screenshot(page, 'serial');
  await page.reload();
  await eventually(
    async () => {
      const text = await terminalText('[data-testid=serial-terminal]');
      return boot.test(text) && text.includes(marker) ? true : undefined;
    },
    20_000,
    'the persistent log after a reload',
  );
});

test('two VNC viewers both stay connected', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/console/{kind}')) return;
  const second = await context.newPage();
  try {
    await page.goto(`${daemon.url}/#/vms/demo/vnc`);
    await second.goto(`${daemon.url}/#/vms/demo/vnc`);
    for (const viewer of [page, second])
      await viewer.waitForSelector('[data-testid=vnc-status]:text("connected")', {
        timeout: 20_000,
      });
    await page.waitForSelector('[data-testid=vnc-screen] canvas');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const viewer of [page, second])
      assert.equal(await viewer.textContent('[data-testid=vnc-status]'), 'connected');
    await screenshot(page, 'vnc');
  } finally {
    await second.close();
  }
});

test('text pasted into the VNC console reaches the guest as keystrokes', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/console/{kind}')) return;
  const text = 'Hello qmon-42!';
  // The guest reads the keyboard's console (tty1) until it has the whole text.
  await guestShell(`head -c ${text.length + 1} /dev/tty1 > /tmp/pasted`, false);
  await page.waitForSelector('[data-testid=vnc-status]:text("connected")');
  await page.fill('[data-testid=vnc-paste]', `${text}\n`);
  await page.click('button:text("Type it")');
  const typed = await eventually(
    async () => {
      const out = await guestShell('cat /tmp/pasted 2>/dev/null');
      return out.length > text.length ? out : undefined;
    },
    15_000,
    'the pasted text in the guest',
  );
  assert.equal(typed, `${text}\n`);
});

test('the HMP console answers info status and completes inf', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/console/{kind}')) return;
  await page.goto(`${daemon.url}/#/vms/demo/hmp`);
  await page.waitForSelector('[data-testid=hmp-status]:text("connected")', { timeout: 15_000 });
  await page.click('[data-testid=hmp-terminal]');
  await page.keyboard.type('inf');
  await page.keyboard.press('Tab');
  await eventually(
    async () =>
      (await terminalText('[data-testid=hmp-terminal]')).includes('(qemu) info ')
        ? true
        : undefined,
    10_000,
    'the completion of inf',
  );
  await page.keyboard.type('status');
  await page.keyboard.press('Enter');
  await eventually(
    async () =>
      /VM status: running/.test(await terminalText('[data-testid=hmp-terminal]'))
        ? true
        : undefined,
    10_000,
    'the answer to info status',
  );
  await screenshot(page, 'hmp');
});

test('the QMP editor completes query-st to query-status and runs it', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/qmp-schema')) return;
  if (!needsRoute(t, '/api/v1/vms/{id}/console/{kind}')) return;
  await page.goto(`${daemon.url}/#/vms/demo/qmp`);
  await page.waitForSelector('[data-testid=qmp-status]:text("connected")', { timeout: 15_000 });
  await page.fill('[data-testid=qmp-command]', 'query-st');
  await page.waitForSelector('[data-testid=qmp-suggestions] button:text("query-status")');
  // Tab goes as far as the matches agree (query-stats, query-status...), then a letter more.
  await page.press('[data-testid=qmp-command]', 'Tab');
  assert.equal(await page.inputValue('[data-testid=qmp-command]'), 'query-stat');
  await page.press('[data-testid=qmp-command]', 'u');
  await page.press('[data-testid=qmp-command]', 'Tab');
  assert.equal(await page.inputValue('[data-testid=qmp-command]'), 'query-status');
  await page.click('button:text("Run")');
  await page.waitForSelector('[data-testid=qmp-replies] pre:has-text("\\"running\\"")');
  await screenshot(page, 'qmp');
});

test('a snapshot is created and reverted', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/snapshots')) return;
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${daemon.url}/#/vms/demo/snapshots`);
  await page.fill('[data-testid=snapshot-name]', 'before');
  await page.click('button:text("Create snapshot")');
  await page.waitForSelector('tr[data-snapshot=before]', { timeout: 60_000 });
  await screenshot(page, 'snapshots');
  await page.click('tr[data-snapshot=before] button:text("Revert")');
  await page.waitForSelector('p[role=status]:text("revert to before: done")', { timeout: 60_000 });
});

test('a NIC hotplugged from the page shows in the guest agent’s interfaces', async (t) => {
  if (!needsRoute(t, '/api/v1/vms/{id}/nics')) return;
  const count = async () =>
    ((await admin.agent('demo', 'guest-network-get-interfaces')) as { name: string }[]).filter(
      (nic) => nic.name !== 'lo',
    ).length;
  const before = await count();
  await page.goto(`${daemon.url}/#/vms/demo/devices`);
  await page.fill('[data-testid=nic-id]', 'nic9');
  await page.click('button:text("Hotplug NIC")');
  await page.waitForSelector('tr[data-device=nic9]', { timeout: 30_000 });
  await eventually(
    async () => ((await count()) > before ? true : undefined),
    20_000,
    'the new NIC in the guest',
  );
  await screenshot(page, 'devices');
});

test('the metrics graph has points', async () => {
  await page.goto(`${daemon.url}/#/vms/demo/metrics`);
  const points = await eventually(
    async () => {
      await page.click('button:text("1 hour")');
      const text = (await page.textContent('[data-testid=metric-points]')) ?? '';
      const n = Number.parseInt(text, 10);
      return n > 0 ? n : undefined;
    },
    60_000,
    'sampled points',
  );
  assert.ok(points > 0);
  assert.equal(await page.locator('[data-testid=graphs] canvas').count(), 4);
  await screenshot(page, 'metrics');
});

test('the overview, events, create and host pages render', async () => {
  await page.goto(`${daemon.url}/#/vms/demo`);
  await page.waitForSelector('[data-testid=guest-facts] :text("qmon-guest")', { timeout: 15_000 });
  await screenshot(page, 'overview');
  await admin.vmAction('demo', 'pause');
  await admin.vmAction('demo', 'resume');
  await page.goto(`${daemon.url}/#/vms/demo/events`);
  await page.waitForSelector('[data-testid=events] td:text("RESUME")');
  await page.waitForSelector('[data-testid=audit] td:text("vm.action.resume")');
  await screenshot(page, 'events');
  await page.goto(`${daemon.url}/#/create`);
  await page.waitForSelector('[data-field=cpus]');
  await page.fill('#spec-name', 'broken');
  await page.fill('#spec-cpus', '0');
  await page.click('button:text-is("Create")');
  await page.waitForSelector('[data-field=cpus] .field-error:text("at least 1")');
  await screenshot(page, 'create');
  await page.goto(`${daemon.url}/#/host`);
  await page.waitForSelector('[data-testid=users] td:text("watcher")');
  assert.match((await page.textContent('[data-testid=host-cpu]')) ?? '', /^\d+ CPUs, load /);
  await screenshot(page, 'host');
});

test('the create form makes a system disk and boots an ISO; wrong values show beside their field', async () => {
  const iso = '/srv/iso/installer.iso';
  await page.goto(`${daemon.url}/#/create`);
  await page.waitForSelector('[data-field=iso]');
  await page.fill('#spec-name', 'formvm');
  await page.uncheck('.spec-form label.inline input[type=checkbox]');
  await page.fill('#new-disk-size', '0');
  await page.fill('#iso-path', iso);
  // A user disk whose id the ISO's default id (disk1) takes again: the daemon's refusal.
  await page.fill('#spec-disks', '[{"id": "disk1", "path": "/srv/a.img"}]');
  await page.click('button:text-is("Create")');
  await page.waitForSelector('[data-field=diskGiB] .field-error:text("at least 1")');
  await page.fill('#new-disk-size', '1');
  await page.click('button:text-is("Create")');
  await page.waitForSelector('[data-field=iso] .field-error:has-text("used twice")');
  assert.equal(await page.locator('[data-field=disks] .field-error').count(), 0);
  await screenshot(page, 'create-disk');
  // The spec already holds a disk with the new disk's id: the VM is defined, the disk refused.
  await page.fill('#spec-name', 'formvm-bare');
  await page.fill('#spec-disks', '[{"id": "system", "path": "/srv/a.img"}]');
  await page.click('button:text-is("Create")');
  await page.waitForSelector('.spec-form p.error:has-text("was defined without its disk")');
  assert.deepEqual(await admin.listDisks('formvm-bare'), []);
  await admin.undefineVm('formvm-bare');
  await page.fill('#spec-name', 'formvm');
  await page.fill('#spec-disks', '');
  await page.click('button:text-is("Create")');
  await page.waitForURL(/#\/vms\/formvm$/);
  const [image] = await admin.listDisks('formvm');
  assert.deepEqual(
    { name: image?.name, format: image?.format, bytes: image?.virtualBytes, inSpec: image?.inSpec },
    { name: 'system', format: 'qcow2', bytes: 2 ** 30, inSpec: true },
  );
  assert.deepEqual((await admin.getVm('formvm')).spec.disks, [
    { path: iso, model: 'ide-cd' },
    { id: 'system', path: image!.path, format: 'qcow2' },
  ]);
  await admin.deleteDisk('formvm', 'system');
  await admin.undefineVm('formvm');
});

test('a viewer is offered no action and cannot stop a VM', async () => {
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  try {
    await login(viewer, VIEWER);
    await viewer.waitForSelector('tr[data-vm=demo] [data-testid=state]:text("running")');
    assert.equal(await viewer.locator('.bulk button').count(), 0);
    await viewer.goto(`${daemon.url}/#/vms/demo`);
    await viewer.waitForSelector('[data-testid=vm-state]');
    assert.equal(await viewer.locator('[data-action]').count(), 0);
    assert.equal(await viewer.locator('a:text("Create VM")').count(), 0);
    // Asked anyway, the daemon refuses, and the VM runs on.
    const status = await viewer.evaluate(async () => {
      const response = await fetch('/api/v1/vms/demo/stop', { method: 'POST' });
      return response.status;
    });
    assert.equal(status, 403);
    assert.equal((await admin.getVm('demo')).state, 'running');
    if (routes.has('/api/v1/vms/{id}/console/{kind}')) {
      // Through the QMP editor, the refusal is shown as the reply.
      await viewer.goto(`${daemon.url}/#/vms/demo/qmp`);
      await viewer.waitForSelector('[data-testid=qmp-status]:text("connected")');
      await viewer.fill('[data-testid=qmp-command]', 'stop');
      await viewer.click('button:text("Run")');
      await viewer.waitForSelector('[data-testid=qmp-replies] pre:has-text("GenericError")');
      assert.equal((await admin.getVm('demo')).state, 'running');
    }
    await screenshot(viewer, 'viewer');
  } finally {
    await viewerContext.close();
  }
});

test('the list reflects a stop made through the CLI within a second', async () => {
  await page.goto(daemon.url);
  await page.waitForSelector('tr[data-vm=demo] [data-testid=state]:text("running")');
  const stopped = await runQmon(['vm', 'stop', 'demo', '--timeout', '1'], {
    env: { QMON_RUNTIME_DIR: join(dashboard.dir, 'run') },
    timeoutMs: 30_000,
  });
  assert.equal(stopped.code, 0, stopped.stderr);
  const started = performance.now();
  await page.waitForSelector('tr[data-vm=demo] [data-testid=state]:not(:text("running"))', {
    timeout: 1_000,
  });
  assert.ok(performance.now() - started < 1_000);
});

test('no page logged an error', () => {
  assert.deepEqual(pageErrors, []);
});

test('Ctrl-C stops the dashboard: its VM, its daemon, its folder', async () => {
  const state = await eventually(
    async () => {
      const { state } = await admin.getVm('demo');
      return ['running', 'exited', 'stopped', 'crashed'].includes(state) ? state : undefined;
    },
    30_000,
    'the VM stopped by the CLI to be gone',
  );
  if (state !== 'running') await admin.vmAction('demo', 'start');
  qemuPid = (await admin.getVm('demo')).pid!;
  assert.ok(isPidAlive(qemuPid));
  dashboard.child.kill('SIGINT');
  const code = await Promise.race([
    dashboard.exited,
    new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000)),
  ]);
  assert.equal(code, 0, dashboard.output());
  assert.equal(isPidAlive(qemuPid), false);
  assert.equal(existsSync(dashboard.dir), false);
});
