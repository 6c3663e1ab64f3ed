import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DemoGuest, ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import {
  AgentNotRespondingError,
  type CopyProgress,
  QgaClient,
  QgaCommandDisabledError,
} from '../../src/qga/index.js';
import { ConnectError } from '../../src/transport/index.js';
import { type BootedGuest, bootDemoGuest } from '../support/guest.js';
import { demoGuestAgentFacts } from '../support/qemu-version.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let demoGuest: DemoGuest | undefined;
let unavailable = '';
try {
  demoGuest = await ensureDemoGuest();
} catch (error) {
  unavailable = `the demo guest could not be built: ${String(error).split('\n')[0]}`;
}

describe('QgaClient against the real qemu-ga in the demo guest (TCG)', {
  timeout: 600_000,
  skip: unavailable || false,
}, () => {
  let vm: BootedGuest;
  let client: QgaClient | undefined;
  const size = 16 * 1024 * 1024;

  before(async () => {
    vm = await bootDemoGuest({ guest: demoGuest, dataDisk: { sizeMiB: 64 } });
  });
  after(async () => {
    await client?.close();
    await vm?.stop();
  });

  it('connects before the agent is up, then waits until it answers', async () => {
    // The guest takes seconds to boot: QEMU's socket is there (or about to be), the agent is not.
    await assert.rejects(
      QgaClient.connect(vm.qgaSocket, { syncTimeout: 300 }),
      (error: unknown) =>
        error instanceof AgentNotRespondingError ||
        (error instanceof ConnectError && error.code === 'TARGET_NOT_FOUND'),
    );
    client = await QgaClient.waitUntilReady(vm.qgaSocket, {
      timeout: 240_000,
      client: { timeout: 120_000 },
    });
    assert.equal(
      (await client.execute('guest-info')).supported_commands.length,
      demoGuestAgentFacts.agentCommandCount,
    );
  });

  it('copies 16 MiB both ways, byte-exact', async () => {
    assert.ok(client);
    const content = randomBytes(size);
    const source = join(vm.dir, 'blob');
    const back = join(vm.dir, 'blob.back');
    await writeFile(source, content);
    const progress: CopyProgress[] = [];
    await client.copyToGuest(source, '/mnt/data/blob', { onProgress: (p) => progress.push(p) });
    assert.equal(progress.at(-1)?.bytes, size);
    const sum = await client.exec('/bin/sh', ['-c', 'sha256sum /mnt/data/blob'], {
      timeout: 120_000,
    });
    assert.equal(sum.stdout.split(' ')[0], sha256(content));
    await client.copyFromGuest('/mnt/data/blob', back);
    assert.equal(sha256(await readFile(back)), sha256(content));
  });

  it('runs a program with stdin, and returns its output and non-zero exit code', async () => {
    assert.ok(client);
    const result = await client.exec(
      '/bin/sh',
      ['-c', 'read line; echo "got $line"; echo bad >&2; exit 5'],
      {
        input: 'hello\n',
      },
    );
    assert.deepEqual(
      { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr },
      { exitCode: 5, stdout: 'got hello\n', stderr: 'bad\n' },
    );
  });

  it('freezes the data disk around a callback and always thaws it', async () => {
    assert.ok(client);
    const agent = client;
    const frozen = await agent.withFrozenFilesystems(
      async (count) => {
        assert.equal(await agent.execute('guest-fsfreeze-status'), 'frozen');
        // While frozen, the agent refuses commands that could touch the disks.
        await assert.rejects(agent.exec('/bin/true'), (error: unknown) => {
          assert.ok(error instanceof QgaCommandDisabledError);
          assert.equal(error.reason, 'the agent is in frozen state');
          return true;
        });
        return count;
      },
      { mountpoints: ['/mnt/data'] },
    );
    assert.equal(frozen, 1);
    assert.equal(await agent.execute('guest-fsfreeze-status'), 'thawed');

    await assert.rejects(
      agent.withFrozenFilesystems(() => {
        throw new Error('snapshot failed');
      }),
      /snapshot failed/,
    );
    assert.equal(await agent.execute('guest-fsfreeze-status'), 'thawed');
    const write = await agent.exec('/bin/sh', ['-c', 'echo ok > /mnt/data/after-thaw && sync']);
    assert.equal(write.exitCode, 0);
  });

  it("sets the guest's clock, which qemu-ga also writes to the hardware clock", async () => {
    assert.ok(client);
    const near = async (expected: number) =>
      assert.ok(Math.abs((await client!.getTime()).getTime() - expected) < 10_000);
    const ahead = Date.now() + 86_400_000;
    await client.setTime(new Date(ahead));
    await near(ahead);
    // Exact nanoseconds, beyond what a double holds (2^53 ns is only 104 days).
    const exact = BigInt(ahead) * 1_000_000n + 123_456_789n;
    await client.setTime(exact);
    const read = await client.timeNanoseconds();
    assert.ok(read >= exact && read - exact < 10_000_000_000n, `${read} after ${exact}`);
    // Without a time the agent reads the hardware clock, which it set along with the system clock.
    await client.setTime();
    await near(ahead);
    await client.setTime(new Date());
    await near(Date.now());
  });

  it('shuts the guest down: the call resolves and QEMU exits', async () => {
    assert.ok(client);
    const started = performance.now();
    await client.execute('guest-shutdown');
    assert.ok(performance.now() - started < 30_000);
    const exit = await Promise.race([
      vm.exited,
      sleep(120_000, undefined, { ref: false }).then(() =>
        assert.fail('QEMU did not exit after guest-shutdown'),
      ),
    ]);
    assert.equal(exit.code, 0);
    await client.closed;
  });
});
