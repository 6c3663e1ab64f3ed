// Passing fds to the real QEMU over its QMP unix socket (getfd, closefd, add-fd).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  FdPassingError,
  fdPassingAvailable,
  writeWithFds,
} from '../../src/transport/fd-passing.js';
import { spawnQemu } from '../support/qemu-version.js';

const STEP_TIMEOUT_MS = 10_000;
const available = fdPassingAvailable();
const SKIP = available ? false : 'the native fd-passing addon is not built (run `npm rebuild`)';
if (SKIP) console.error(`\n*** fd-passing tests SKIPPED: ${SKIP} ***\n`);

type Message = Record<string, unknown>;

/** A bare QMP line reader over a unix socket: just enough to test the fd write underneath. */
class RawQmp {
  readonly replies: Message[] = [];
  private buffered = '';
  private wake: (() => void) | undefined;

  constructor(readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, nl).trim();
        this.buffered = this.buffered.slice(nl + 1);
        if (line) this.replies.push(JSON.parse(line) as Message);
      }
      this.wake?.();
    });
  }

  /** The next message that is not an event. */
  async next(timeout = STEP_TIMEOUT_MS): Promise<Message> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const message = this.replies.shift();
      if (message && !('event' in message)) return message;
      if (message) continue;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no QMP message within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(command: string, args?: object, id?: unknown): void {
    this.socket.write(line(command, args, id));
  }

  async execute(command: string, args?: object): Promise<Message> {
    this.send(command, args);
    return this.next();
  }
}

function line(command: string, args?: object, id?: unknown): Buffer {
  const message: Message = { execute: command };
  if (args) message.arguments = args;
  if (id !== undefined) message.id = id;
  return Buffer.from(`${JSON.stringify(message)}\n`);
}

function errorDesc(reply: Message): string {
  const error = reply.error as { desc?: string } | undefined;
  assert.ok(error, `expected an error reply, got ${JSON.stringify(reply)}`);
  return String(error.desc);
}

/** Paths of the files QEMU holds open (we run as the same user or root). */
function openFilesOf(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).map((fd) => {
    try {
      return readlinkSync(join(dir, fd));
    } catch {
      return '';
    }
  });
}

/** Fills the socket's kernel buffer behind Node's back, so Node's own queue stays empty. */
function fillKernelBuffer(socket: net.Socket): number {
  const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
  const spaces = Buffer.alloc(4096, 0x20); // whitespace between JSON values: QEMU skips it
  let total = 0;
  for (;;) {
    try {
      total += writeSync(fd, spaces);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return total;
      throw error;
    }
  }
}

describe('writeWithFds against qemu-system-x86_64', { skip: SKIP }, () => {
  let dir: string;
  let qemu: ChildProcess;
  let qmp: RawQmp;
  let file: string;
  let fileFd: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qmon-fd-'));
    file = join(dir, 'passed.img');
    fileFd = openSync(file, 'w+');
    const sock = join(dir, 'qmp.sock');
    qemu = spawnQemu(
      [
        '-machine',
        'none',
        '-nodefaults',
        '-display',
        'none',
        '-qmp',
        `unix:${sock},server=on,wait=off`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const socket = await connectWithRetry(sock, Date.now() + STEP_TIMEOUT_MS);
    qmp = new RawQmp(socket);
    const greeting = await qmp.next();
    assert.ok('QMP' in greeting, `expected the QMP greeting, got ${JSON.stringify(greeting)}`);
    assert.deepEqual(await qmp.execute('qmp_capabilities'), { return: {} });
  });

  after(async () => {
    qmp?.socket.destroy();
    if (qemu && qemu.exitCode === null && qemu.signalCode === null) {
      qemu.kill('SIGCONT');
      qemu.kill('SIGKILL');
      await Promise.race([once(qemu, 'exit'), new Promise((r) => setTimeout(r, 5_000).unref())]);
    }
    if (fileFd !== undefined) closeSync(fileFd);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('getfd takes the fd, closefd releases it, a second closefd fails', async () => {
    assert.ok(!openFilesOf(qemu.pid!).includes(file));
    await writeWithFds(qmp.socket, line('getfd', { fdname: 'fd1' }), [fileFd]);
    assert.deepEqual(await qmp.next(), { return: {} });
    assert.ok(openFilesOf(qemu.pid!).includes(file), 'QEMU holds the passed file open');

    assert.deepEqual(await qmp.execute('closefd', { fdname: 'fd1' }), { return: {} });
    assert.ok(!openFilesOf(qemu.pid!).includes(file), 'QEMU closed it');
    assert.match(errorDesc(await qmp.execute('closefd', { fdname: 'fd1' })), /fd1/);
  });

  test('getfd without an fd is refused by QEMU', async () => {
    const desc = errorDesc(await qmp.execute('getfd', { fdname: 'none' }));
    assert.match(desc, /No file descriptor supplied via SCM_RIGHTS/);
  });

  test('add-fd puts the fd in an fd set that query-fdsets lists', async () => {
    await writeWithFds(qmp.socket, line('add-fd', { 'fdset-id': 7, opaque: 'disk0' }), [fileFd]);
    const added = (await qmp.next()).return as { 'fdset-id': number; fd: number };
    assert.equal(added['fdset-id'], 7);
    assert.ok(Number.isInteger(added.fd));

    const sets = (await qmp.execute('query-fdsets')).return as {
      'fdset-id': number;
      fds: { fd: number; opaque?: string }[];
    }[];
    const set = sets.find((s) => s['fdset-id'] === 7);
    assert.deepEqual(set?.fds, [{ fd: added.fd, opaque: 'disk0' }]);
    assert.equal(readlinkSync(`/proc/${qemu.pid}/fd/${added.fd}`), file);

    assert.deepEqual(await qmp.execute('remove-fd', { 'fdset-id': 7 }), { return: {} });
  });

  test('normal writes before and after keep their order, even when Node had bytes queued', async () => {
    // ~240 KB of commands: more than the kernel takes at once, so Node queues the rest and
    // writeWithFds must wait for it before its sendmsg(). (QEMU reads QMP a byte at a time.)
    const padding = 'x'.repeat(4_000);
    for (let i = 0; i < 60; i++) qmp.send('query-status', undefined, [i, padding]);
    assert.ok(qmp.socket.writableLength > 0, 'Node has bytes queued when the fd write starts');
    await writeWithFds(qmp.socket, line('getfd', { fdname: 'ordered' }, [60]), [fileFd]);
    for (let i = 61; i < 120; i++) qmp.send('query-status', undefined, [i]);

    for (let i = 0; i < 120; i++) {
      const reply = await qmp.next();
      assert.equal((reply.id as number[])[0], i, `reply ${i} in order`);
      assert.ok('return' in reply, JSON.stringify(reply).slice(0, 200));
      if (i === 60) assert.deepEqual(reply.return, {});
    }
    assert.deepEqual(await qmp.execute('closefd', { fdname: 'ordered' }), { return: {} });
  });

  test('fd-carrying commands sent back to back each get their own fd (OOB off)', async () => {
    const fds = [0, 1, 2].map(() => openSync(file, 'r'));
    try {
      for (const [i, fd] of fds.entries()) {
        await writeWithFds(qmp.socket, line('getfd', { fdname: `many${i}` }), [fd]);
      }
      for (let i = 0; i < fds.length; i++) assert.deepEqual(await qmp.next(), { return: {} });
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    for (let i = 0; i < fds.length; i++) {
      assert.deepEqual(await qmp.execute('closefd', { fdname: `many${i}` }), { return: {} });
    }
  });

  test('data larger than the socket buffer: the fds go first, the rest follows in order', async () => {
    // Leading whitespace is legal between QMP messages; 250 KB is more than one sendmsg() takes.
    const big = Buffer.concat([Buffer.alloc(250_000, 0x20), line('getfd', { fdname: 'big' })]);
    const socket = qmp.socket;
    const original = socket.write;
    let rest = 0;
    socket.write = function (this: net.Socket, chunk: string | Uint8Array, ...more: never[]) {
      if (Buffer.isBuffer(chunk)) rest += chunk.length;
      return original.call(this, chunk, ...more);
    } as typeof socket.write;
    try {
      // QEMU reads its monitor a byte per read(): on a loaded machine 250 KB take seconds.
      await writeWithFds(socket, big, [fileFd], { timeout: 30_000 });
    } finally {
      socket.write = original;
    }
    assert.ok(
      rest > 0 && rest < big.length,
      `the kernel took part at once (${rest} bytes followed)`,
    );
    qmp.send('query-name');
    assert.deepEqual(await qmp.next(), { return: {} });
    assert.deepEqual(await qmp.next(), { return: {} });
    assert.deepEqual(await qmp.execute('closefd', { fdname: 'big' }), { return: {} });
  });

  test('waits while the socket buffer is full, then sends once QEMU reads again', async () => {
    qemu.kill('SIGSTOP');
    try {
      assert.ok(fillKernelBuffer(qmp.socket) > 0);
      assert.equal(qmp.socket.writableLength, 0);
      let settled = false;
      const pending = writeWithFds(qmp.socket, line('getfd', { fdname: 'late' }), [fileFd]);
      pending.finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(settled, false, 'still waiting while QEMU is stopped');
      qemu.kill('SIGCONT');
      await pending;
    } finally {
      qemu.kill('SIGCONT');
    }
    assert.deepEqual(await qmp.next(), { return: {} });
    assert.deepEqual(await qmp.execute('closefd', { fdname: 'late' }), { return: {} });
  });

  test('gives up after the timeout, or on abort, with nothing sent and the session intact', async () => {
    qemu.kill('SIGSTOP');
    try {
      fillKernelBuffer(qmp.socket);
      await assert.rejects(
        writeWithFds(qmp.socket, line('getfd', { fdname: 'never' }), [fileFd], { timeout: 150 }),
        (error: unknown) => error instanceof FdPassingError && error.systemCode === 'ETIMEDOUT',
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('stop waiting')), 50);
      await assert.rejects(
        writeWithFds(qmp.socket, line('getfd', { fdname: 'never' }), [fileFd], {
          signal: controller.signal,
        }),
        /stop waiting/,
      );
    } finally {
      qemu.kill('SIGCONT');
    }
    assert.ok('return' in (await qmp.execute('query-status')));
    assert.match(errorDesc(await qmp.execute('closefd', { fdname: 'never' })), /never/);
  });

  test('refuses bad arguments before touching the socket', async () => {
    await assert.rejects(writeWithFds(qmp.socket, Buffer.alloc(0), [fileFd]), RangeError);
    await assert.rejects(writeWithFds(qmp.socket, line('getfd', { fdname: 'x' }), []), RangeError);
    await assert.rejects(
      writeWithFds(qmp.socket, line('getfd', { fdname: 'x' }), [-1]),
      RangeError,
    );
    assert.deepEqual(await qmp.execute('query-name'), { return: {} });
  });

  test('reports a closed descriptor as EBADF from sendmsg()', async () => {
    const spare = openSync(file, 'r');
    closeSync(spare);
    await assert.rejects(
      writeWithFds(qmp.socket, line('getfd', { fdname: 'bad' }), [spare]),
      (error: unknown) => error instanceof FdPassingError && error.systemCode === 'EBADF',
    );
    assert.deepEqual(await qmp.execute('query-name'), { return: {} });
  });
});

test('fd passing over TCP is refused with a clear error', { skip: SKIP }, async (t) => {
  const server = net.createServer((peer) => peer.resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  t.after(() => socket.destroy());
  await assert.rejects(
    writeWithFds(socket, Buffer.from('x'), [0]),
    (error: unknown) => error instanceof FdPassingError && error.systemCode === 'EAFNOSUPPORT',
  );
});

test('without the addon, fd passing says why and how to fix it', async (t) => {
  // The same module, copied where no build/Release/fd_passing.node sits beside it.
  const root = mkdtempSync(join(tmpdir(), 'qmon-noaddon-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const copy = join(root, 'src', 'transport', 'fd-passing.ts');
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  copyFileSync(fileURLToPath(new URL('../../src/transport/fd-passing.ts', import.meta.url)), copy);
  copyFileSync(
    fileURLToPath(new URL('../../src/errors.ts', import.meta.url)),
    join(root, 'src', 'errors.ts'),
  );
  const isolated = (await import(
    pathToFileURL(copy).href
  )) as typeof import('../../src/transport/fd-passing.js');

  assert.equal(isolated.fdPassingAvailable(), false);
  await assert.rejects(
    isolated.writeWithFds(new net.Socket(), Buffer.from('x'), [0]),
    (error: unknown) => {
      assert.ok(error instanceof isolated.FdPassingUnavailableError);
      assert.equal(error.code, 'FD_PASSING_UNAVAILABLE');
      assert.match(error.message, /could not be loaded .*fd_passing\.node/);
      assert.match(error.message, /npm rebuild qmon/);
      assert.match(error.message, /Everything else in qmon works without it/);
      return true;
    },
  );
});

async function connectWithRetry(path: string, deadline: number): Promise<net.Socket> {
  for (;;) {
    const socket = net.connect(path);
    try {
      await Promise.race([
        once(socket, 'connect'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('connect timed out')), 2_000)),
      ]);
      return socket;
    } catch (error) {
      socket.destroy();
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
