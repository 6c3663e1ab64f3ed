import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, statSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type CopyProgress,
  FileCopyError,
  NotRegularFileError,
  QgaClient,
  QgaCommandError,
} from '../../src/qga/index.js';
import { CommandAbortedError, DisconnectedError } from '../../src/session/index.js';
import { type BootedGuest, bootDemoGuest } from '../support/guest.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Files a copy may have left in a folder (its temporary files start with a dot). */
async function leftovers(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.includes('.qmon-'));
}

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
    assert.deepEqual(await client.copyToGuest(empty, join(agent.dir, 'empty-guest')), {
      bytes: 0,
      atomic: true,
    });
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
    await client.execute('guest-ping');
  });

  it('replaces a host file only when the copy is complete, keeping its mode', async () => {
    const folder = join(agent.dir, 'replace-host');
    await mkdir(folder);
    const source = join(folder, 'source');
    const target = join(folder, 'target');
    await writeFile(source, content);
    const old = Buffer.from('the old content, which must survive a failed copy\n');
    await writeFile(target, old);
    await chmod(target, 0o640);
    const controller = new AbortController();
    let steps = 0;
    await assert.rejects(
      client.copyFromGuest(source, target, {
        chunkSize: 64 * 1024,
        signal: controller.signal,
        onProgress: () => {
          if (++steps === 3) controller.abort();
        },
      }),
      FileCopyError,
    );
    assert.deepEqual(await readFile(target), old, 'the old file is byte-identical');
    assert.deepEqual(await leftovers(folder), [], 'no temporary file is left');
    await client.copyFromGuest(source, target);
    assert.equal(sha256(await readFile(target)), sha256(content));
    assert.equal(statSync(target).mode & 0o777, 0o640, 'the replaced file keeps its mode');
    assert.deepEqual(await leftovers(folder), []);
  });

  it('writes through a host symbolic link to its target, atomically, keeping the link', async () => {
    const folder = join(agent.dir, 'link-host');
    await mkdir(folder);
    const source = join(folder, 'source');
    await writeFile(source, content);
    const realFile = join(folder, 'real');
    await writeFile(realFile, 'old');
    const link = join(folder, 'link');
    await symlink('real', link);
    await client.copyFromGuest(source, link);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(await readlink(link), 'real');
    assert.equal(sha256(await readFile(realFile)), sha256(content));
    // A failed copy onto the link leaves the target as it was.
    await assert.rejects(client.copyFromGuest(join(folder, 'missing'), link), FileCopyError);
    assert.equal(sha256(await readFile(realFile)), sha256(content));
    // A link to nowhere is refused, not followed into a new file or replaced.
    const dangling = join(folder, 'dangling');
    await symlink('nowhere', dangling);
    await assert.rejects(client.copyFromGuest(source, dangling), /symbolic link to a missing file/);
    assert.equal(await readlink(dangling), 'nowhere');
    assert.equal(existsSync(join(folder, 'nowhere')), false);
    assert.deepEqual(await leftovers(folder), []);
  });

  it('refuses a fifo as the host destination unless asked, and never removes it', async () => {
    const folder = join(agent.dir, 'fifo-host');
    await mkdir(folder);
    const source = join(folder, 'source');
    await writeFile(source, 'through the fifo');
    const fifo = join(folder, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(client.copyFromGuest(source, fifo), (error: unknown) => {
      assert.ok(error instanceof FileCopyError);
      assert.ok(error.cause instanceof NotRegularFileError);
      assert.match(error.message, /fifo.* is a fifo, not a regular file; it was left alone/);
      return true;
    });
    assert.ok(lstatSync(fifo).isFIFO(), 'the fifo is still there');
    const received: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => received.push(chunk as Buffer));
    const drained = new Promise<void>((resolve) => reader.on('end', () => resolve()));
    await client.copyFromGuest(source, fifo, { allowSpecial: true });
    await drained;
    assert.equal(Buffer.concat(received).toString(), 'through the fifo');
    assert.ok(lstatSync(fifo).isFIFO());
    assert.deepEqual(await leftovers(folder), []);
  });

  it('refuses a device node as the host destination, and never removes it, even on a write error', {
    skip: process.getuid?.() !== 0 && 'creating a device node needs root',
  }, async () => {
    const folder = join(agent.dir, 'device-host');
    await mkdir(folder);
    const source = join(folder, 'source');
    await writeFile(source, content);
    // A node made here, in the test's own folder: the kernel's "full" device (1:7),
    // where every write fails with ENOSPC, as on a full disk.
    const node = join(folder, 'full');
    execFileSync('mknod', [node, 'c', '1', '7']);
    await assert.rejects(
      client.copyFromGuest(source, node),
      /is a character device, not a regular file/,
    );
    assert.ok(lstatSync(node).isCharacterDevice());
    await assert.rejects(
      client.copyFromGuest(source, node, { allowSpecial: true }),
      (error: unknown) => {
        assert.ok(error instanceof FileCopyError);
        assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOSPC');
        return true;
      },
    );
    assert.ok(lstatSync(node).isCharacterDevice(), 'the node is still there');
    assert.deepEqual(await readdir(folder), ['full', 'source'].sort());
  });

  it('keeps the permission bits into the guest, or sets the ones asked for', async () => {
    const folder = join(agent.dir, 'mode-guest');
    await mkdir(folder);
    const tool = join(folder, 'tool');
    await writeFile(tool, '#!/bin/sh\necho hi\n');
    await chmod(tool, 0o700);
    const inGuest = join(folder, 'tool-in-guest');
    assert.deepEqual(await client.copyToGuest(tool, inGuest), { bytes: 18, atomic: true });
    assert.equal(statSync(inGuest).mode & 0o7777, 0o700);
    await client.copyToGuest(tool, inGuest, { mode: 0o640 });
    assert.equal(statSync(inGuest).mode & 0o7777, 0o640);
    assert.deepEqual(await leftovers(folder), []);
  });

  it('leaves an existing guest file untouched until the data has arrived', async () => {
    const folder = join(agent.dir, 'replace-guest');
    await mkdir(folder);
    const source = join(folder, 'source');
    await writeFile(source, content);
    const inGuest = join(folder, 'in-guest');
    const old = Buffer.from('old guest content');
    await writeFile(inGuest, old);
    const controller = new AbortController();
    let steps = 0;
    await assert.rejects(
      client.copyToGuest(source, inGuest, {
        chunkSize: 64 * 1024,
        signal: controller.signal,
        onProgress: () => {
          if (++steps === 3) controller.abort();
        },
      }),
      FileCopyError,
    );
    assert.deepEqual(await readFile(inGuest), old, 'the guest file is byte-identical');
    assert.deepEqual(await leftovers(folder), [], 'the temporary guest file is removed');
    // A symbolic link in the guest is written through, and stays a link.
    const link = join(folder, 'link');
    await symlink('in-guest', link);
    await client.copyToGuest(source, link);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(sha256(await readFile(inGuest)), sha256(content));
    assert.deepEqual(await leftovers(folder), []);
  });

  it('rejects a chunk size the agent cannot take', async () => {
    await assert.rejects(
      client.copyFromGuest('/x', '/y', { chunkSize: 64 * 1024 * 1024 }),
      RangeError,
    );
  });
});

describe('file copy when QEMU dies mid-copy (the real demo guest)', { timeout: 300_000 }, () => {
  let vm: BootedGuest;
  let client: QgaClient;
  const folder = () => join(vm.dir, 'host-side');

  before(async () => {
    vm = await bootDemoGuest();
    await vm.waitForAgent(120_000);
    client = await QgaClient.connect(vm.qgaSocket);
    const made = await client.exec('/bin/sh', [
      '-c',
      'dd if=/dev/urandom of=/tmp/big bs=64k count=64 2>/dev/null',
    ]);
    assert.equal(made.exitCode, 0, made.stderr);
    await mkdir(folder());
  });
  after(async () => {
    await client?.close();
    await vm?.stop();
  });

  it('leaves the old host file byte-identical and no temporary file', async () => {
    const target = join(folder(), 'target');
    const old = randomBytes(10_000);
    await writeFile(target, old);
    let killed = false;
    await assert.rejects(
      client.copyFromGuest('/tmp/big', target, {
        chunkSize: 64 * 1024,
        onProgress: () => {
          if (!killed) vm.process.kill('SIGKILL');
          killed = true;
        },
      }),
      (error: unknown) => {
        assert.ok(error instanceof FileCopyError);
        assert.ok(error.cause instanceof DisconnectedError, String(error.cause));
        assert.ok(error.bytesCopied > 0 && error.bytesCopied < 64 * 64 * 1024);
        return true;
      },
    );
    assert.ok(killed);
    assert.deepEqual(await readFile(target), old);
    assert.deepEqual(await leftovers(folder()), []);
  });
});
