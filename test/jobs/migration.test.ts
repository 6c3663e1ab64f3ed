/**
 * Migration of the demo guest between QEMUs on this machine (unix socket, then
 * TCP on loopback), then into a file and back: the agent answers each time.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  acceptMigration,
  checkMigrationUri,
  InvalidJobRequestError,
  JobWaitError,
  type MigrationProgress,
  migrate,
  restoreFromFile,
  saveToFile,
} from '../../src/jobs/index.js';
import type { DemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec, Vm } from '../../src/launch/index.js';
import { QgaClient } from '../../src/qga/index.js';
import { makeRuntimeRoot, removeRoot } from '../launch/support.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function agentAnswers(vm: Vm): Promise<string> {
  const agent = await QgaClient.waitUntilReady(vm.paths.qga, { timeout: 60_000 });
  try {
    return (await agent.exec('/bin/cat', ['/tmp/marker'])).stdout.trim();
  } finally {
    await agent.close();
  }
}

describe('migration of the demo guest', () => {
  let root: string;
  let guest: DemoGuest;
  let current: Vm;
  const vms: Vm[] = [];
  let n = 0;
  const start = async (incoming: boolean) => {
    const vm = await Vm.start(demoGuestVmSpec(guest, `mig${n++}`, { incoming }), {
      runtimeRoot: root,
    });
    vms.push(vm);
    return vm;
  };

  before(async () => {
    root = await makeRuntimeRoot();
    guest = await ensureDemoGuest();
    current = await start(false);
    const agent = await QgaClient.waitUntilReady(current.paths.qga, { timeout: 120_000 });
    await agent.exec('/bin/sh', ['-c', 'echo still-me > /tmp/marker']);
    await agent.close();
  });
  after(async () => {
    for (const vm of vms) await vm.kill().catch(() => {});
    await removeRoot(root);
  });

  it('refuses TCP destinations off loopback, before asking QEMU', () => {
    assert.throws(() => checkMigrationUri('tcp:192.0.2.1:4444'), InvalidJobRequestError);
    assert.throws(() => checkMigrationUri('exec:cat'), InvalidJobRequestError);
    assert.equal(checkMigrationUri('tcp:127.0.0.1:4444'), 'tcp:127.0.0.1:4444');
  });

  it('takes TCP off loopback only with TLS, and port 0 only where QEMU listens', () => {
    assert.equal(checkMigrationUri('tcp:192.0.2.1:4444', { tls: true }), 'tcp:192.0.2.1:4444');
    assert.throws(
      () => checkMigrationUri('tcp:h1.example:0', { tls: true }),
      InvalidJobRequestError,
    );
    assert.equal(
      checkMigrationUri('tcp:h1.example:0', { tls: true, incoming: true }),
      'tcp:h1.example:0',
    );
    assert.equal(checkMigrationUri('tcp:::1:0', { tls: true, incoming: true }), 'tcp:[::1]:0');
    assert.throws(
      () => checkMigrationUri('tcp:h1,x=y:4444', { tls: true }),
      InvalidJobRequestError,
    );
  });

  for (const transport of ['unix', 'tcp'] as const) {
    it(`live-migrates over ${transport}: the agent answers on the destination; downtime reported`, async () => {
      const destination = await start(true);
      const uri =
        transport === 'unix'
          ? `unix:${join(destination.paths.dir, 'migrate.sock')}`
          : `tcp:127.0.0.1:${await freePort()}`;
      const { done } = await acceptMigration(destination.qmp, uri, { timeout: 120_000 });
      const seen: MigrationProgress[] = [];
      const result = await migrate(current.qmp, uri, {
        timeout: 120_000,
        onProgress: (progress) => seen.push(progress),
      });
      await done;
      assert.equal(result.status, 'completed');
      assert.equal(typeof result.downtimeMs, 'number');
      assert.ok(result.transferred > 0);
      assert.ok(seen.length >= 1);
      assert.equal((await current.status()).status, 'postmigrate');
      await current.kill();
      current = destination;
      assert.equal(await agentAnswers(current), 'still-me');
    });
  }

  it('cancels a migration on abort: typed error, the source keeps running', async () => {
    const destination = await start(true);
    const uri = `unix:${join(destination.paths.dir, 'cancelled.sock')}`;
    const { done } = await acceptMigration(destination.qmp, uri, { timeout: 60_000 });
    done.catch(() => {});
    await current.qmp.execute('migrate-set-parameters', { 'max-bandwidth': 1024 * 1024 });
    const abort = new AbortController();
    try {
      await assert.rejects(
        migrate(current.qmp, uri, {
          signal: abort.signal,
          onProgress: (progress) => {
            if (progress.status === 'active') abort.abort();
          },
        }),
        JobWaitError,
      );
    } finally {
      await current.qmp.execute('migrate-set-parameters', { 'max-bandwidth': 1 << 30 });
    }
    const status = await current.qmp.execute('query-migrate');
    assert.match(String(status.status), /^cancel/);
    assert.equal((await current.status()).status, 'running');
    await destination.kill();
  });

  it('saves into a file and restores from it: the agent answers again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qmon-save-'));
    try {
      const file = join(dir, 'state');
      const saved = await saveToFile(current.qmp, file, { timeout: 120_000 });
      assert.equal(saved.status, 'completed');
      assert.ok(existsSync(file));
      assert.deepEqual(readdirSync(dir), ['state']);
      await current.kill();
      current = await start(true);
      await restoreFromFile(current.qmp, file, { timeout: 120_000 });
      assert.equal(await agentAnswers(current), 'still-me');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
