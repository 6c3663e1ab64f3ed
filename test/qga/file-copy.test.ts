import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type CopyProgress,
  FileCopyError,
  QgaClient,
  QgaCommandError,
} from '../../src/qga/index.js';
import { CommandAbortedError } from '../../src/session/index.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Open file descriptors of a process: a leaked guest file handle shows up here. */
async function openFds(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

function assertMonotonic(progress: CopyProgress[], size: number): void {
  assert.ok(progress.length > 1);
  for (let i = 1; i < progress.length; i++)
    assert.ok(progress[i]!.bytes > progress[i - 1]!.bytes, 'progress goes up');
  assert.equal(progress.at(-1)!.bytes, size);
  assert.ok(progress.every((step) => step.totalBytes === size));
}

describe('file copy through the real qemu-ga on the host', { timeout: 120_000 }, () => {
  let agent: HostAgent;
  let client: QgaClient;
  let baselineFds: number;
  // A few MiB of random bytes, not a multiple of any chunk size.
  const content = randomBytes(3 * 1024 * 1024 + 12_345);

  before(async () => {
    agent = await startHostAgent();
    client = await QgaClient.connect(agent.socket);
    baselineFds = await openFds(agent.child.pid!);
  });
  after(async () => {
    await client?.close();
    await agent?.stop();
  });

  for (const chunkSize of [undefined, 64 * 1024]) {
    const label = chunkSize ? `${chunkSize / 1024} KiB chunks` : 'default chunks';
    it(`copies host → guest → host byte-exact (${label})`, async () => {
      const source = join(agent.dir, `source-${label}`);
      const inGuest = join(agent.dir, `guest-${label}`);
      const back = join(agent.dir, `back-${label}`);
      await writeFile(source, content);

      const up: CopyProgress[] = [];
      const sent = await client.copyToGuest(source, inGuest, {
        chunkSize,
        onProgress: (step) => up.push(step),
      });
      assert.equal(sent.bytes, content.length);
      assert.equal(sha256(await readFile(inGuest)), sha256(content));
      assertMonotonic(up, content.length);

      const down: CopyProgress[] = [];
      const received = await client.copyFromGuest(inGuest, back, {
        chunkSize,
        onProgress: (step) => down.push(step),
      });
      assert.equal(received.bytes, content.length);
      assert.equal(sha256(await readFile(back)), sha256(content));
      assertMonotonic(down, content.length);
      assert.equal(await openFds(agent.child.pid!), baselineFds);
    });
  }

  it('copies empty files', async () => {
    const empty = join(agent.dir, 'empty');
    await writeFile(empty, '');
    assert.deepEqual(await client.copyToGuest(empty, join(agent.dir, 'empty-guest')), { bytes: 0 });
    assert.deepEqual(
      await client.copyFromGuest(join(agent.dir, 'empty-guest'), join(agent.dir, 'empty-back')),
      {
        bytes: 0,
      },
    );
    assert.equal((await readFile(join(agent.dir, 'empty-back'))).length, 0);
  });

  it('reports a missing guest file and leaves no host file behind', async () => {
    const target = join(agent.dir, 'never-written');
    await assert.rejects(
      client.copyFromGuest(join(agent.dir, 'no-such-file'), target),
      (error: unknown) => {
        assert.ok(error instanceof FileCopyError);
        assert.equal(error.code, 'FILE_COPY_FAILED');
        assert.equal(error.bytesCopied, 0);
        assert.ok(error.cause instanceof QgaCommandError);
        return true;
      },
    );
    assert.equal(existsSync(target), false);
  });

  it('reports a missing host file without touching the guest', async () => {
    await assert.rejects(
      client.copyToGuest(join(agent.dir, 'no-such-host-file'), join(agent.dir, 'x')),
      (error: unknown) =>
        error instanceof FileCopyError && (error.cause as NodeJS.ErrnoException).code === 'ENOENT',
    );
    assert.equal(existsSync(join(agent.dir, 'x')), false);
  });

  it('closes the guest handle when a copy is aborted midway, both ways', async () => {
    const source = join(agent.dir, 'abort-source');
    await writeFile(source, content);
    for (const direction of ['to', 'from'] as const) {
      const controller = new AbortController();
      let steps = 0;
      const onProgress = () => {
        if (++steps === 3) controller.abort();
      };
      const options = { chunkSize: 64 * 1024, onProgress, signal: controller.signal };
      const target = join(agent.dir, `abort-${direction}`);
      const copy =
        direction === 'to'
          ? client.copyToGuest(source, target, options)
          : client.copyFromGuest(source, target, options);
      await assert.rejects(copy, (error: unknown) => {
        assert.ok(error instanceof FileCopyError);
        assert.ok(error.cause instanceof CommandAbortedError);
        assert.ok(error.bytesCopied >= 3 * 64 * 1024 && error.bytesCopied < content.length);
        return true;
      });
      if (direction === 'from') assert.equal(existsSync(target), false);
      assert.equal(await openFds(agent.child.pid!), baselineFds, `handle closed (${direction})`);
    }
    await client.ping();
  });

  it('rejects a chunk size the agent cannot take', async () => {
    await assert.rejects(
      client.copyFromGuest('/x', '/y', { chunkSize: 64 * 1024 * 1024 }),
      RangeError,
    );
  });
});
