/**
 * Console streams of the daemon against the demo guest under real QEMU: one
 * daemon and one VM (serial, VNC, agent) shared by every case. Tickets, the
 * serial fan-out with its log and one writer, HMP with completion, QMP with
 * events and the role's policy, two VNC viewers, screenshots.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiClient } from '../../src/api-client/client.js';
import type { ConsoleKind } from '../../src/api-client/types.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { pngSize } from '../../src/launch/png.js';
import {
  adminClient,
  agentAnswers,
  eventually,
  inProcessDaemon,
  killQuietly,
  tempDirs,
} from './support/daemon.js';
import { RfbViewer } from './support/rfb-viewer.js';
import { RefusedUpgrade, StreamClient } from './support/stream-client.js';

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let admin: ApiClient;
const users: Partial<Record<'operator' | 'viewer', ApiClient>> = {};
const streams: StreamClient[] = [];
let pid: number | null | undefined;

before(async () => {
  const guest = await ensureDemoGuest();
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  admin = await adminClient(daemon.url);
  for (const role of ['operator', 'viewer'] as const) {
    await admin.createUser(role, `${role}-password`, role);
    const client = new ApiClient({ baseUrl: daemon.url });
    await client.login(role, `${role}-password`);
    users[role] = client;
  }
  await admin.defineVm({ spec: demoGuestVmSpec(guest, 'demo', { vga: 'std', vnc: true }) });
  await admin.defineVm({ spec: { name: 'other', machine: 'none' } });
  pid = (await admin.vmAction('demo', 'start')).pid;
  await agentAnswers(admin, 'demo', 120_000);
});

after(async () => {
  for (const stream of streams) stream.close();
  await admin?.vmAction('demo', 'kill').catch(() => {});
  killQuietly(pid);
  await daemon?.close();
  await dirs?.remove();
});

async function open(client: ApiClient, kind: ConsoleKind): Promise<StreamClient> {
  const { url } = await client.consoleStream('demo', kind);
  const stream = await StreamClient.open(url);
  streams.push(stream);
  return stream;
}

async function refusedWith(url: string, headers: Record<string, string> = {}): Promise<number> {
  const error = await StreamClient.open(url, headers).then(
    (stream) => {
      stream.close();
      return assert.fail('the upgrade was accepted');
    },
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof RefusedUpgrade, String(error));
  return error.status;
}

/** Runs a shell line in the guest through the agent; resolves with its stdout once it ended. */
async function guestShell(line: string, wait = true): Promise<string> {
  const { pid: guestPid } = (await admin.agent('demo', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', line],
    'capture-output': wait,
  })) as { pid: number };
  if (!wait) return '';
  const status = await eventually(
    async () => {
      const reply = (await admin.agent('demo', 'guest-exec-status', { pid: guestPid })) as {
        exited: boolean;
        'out-data'?: string;
      };
      return reply.exited ? reply : undefined;
    },
    20_000,
    'the guest command',
  );
  return Buffer.from(status['out-data'] ?? '', 'base64').toString();
}

test('a console ticket is refused when missing, spent, expired, for another VM or kind', async () => {
  const { ticket, url } = await admin.consoleStream('demo', 'serial');
  assert.equal(await refusedWith(url.replace(/\?.*$/, '')), 401);
  assert.equal(await refusedWith(url, { origin: 'http://evil.example' }), 403);
  // The refused Origin did not spend it: it opens once, and only once.
  const first = await StreamClient.open(url);
  first.close();
  assert.equal(await refusedWith(url), 401);

  const forOther = await admin.streamTicket('other', 'serial');
  assert.equal(await refusedWith(admin.consoleUrl('demo', 'serial', forOther.ticket)), 401);
  const forHmp = await admin.streamTicket('demo', 'hmp');
  assert.equal(await refusedWith(admin.consoleUrl('demo', 'serial', forHmp.ticket)), 401);

  const late = await admin.streamTicket('demo', 'serial');
  const realNow = Date.now;
  Date.now = () => realNow() + 31_000;
  try {
    assert.equal(await refusedWith(admin.consoleUrl('demo', 'serial', late.ticket)), 401);
  } finally {
    Date.now = realNow;
  }
  assert.ok(ticket.length >= 32);

  // A valid ticket for a VM that does not run opens, then closes saying so.
  const stopped = await StreamClient.open((await admin.consoleStream('other', 'serial')).url);
  await stopped.until(() => stopped.closed, 'the close');
  assert.equal(stopped.closed?.code, 4409);
  await assert.rejects(admin.streamTicket('other', 'vnc'), { status: 409 });
});

test('serial: the log then live output to every viewer; only the writer types', async () => {
  const writer = await open(admin, 'serial');
  const operator = await open(users.operator!, 'serial');
  const viewer = await open(users.viewer!, 'serial');
  // Scrollback: the boot log, kept by the serial keeper since QEMU started.
  for (const stream of [writer, viewer])
    await stream.until(
      () => (stream.binary.includes('qmon-guest: init started') ? true : undefined),
      'the boot log as scrollback',
    );
  await writer.text((frame) => frame.type === 'writer' && frame.self === true, 'writer role');
  for (const stream of [operator, viewer])
    await stream.text((frame) => frame.type === 'writer' && frame.self === false, 'not writer');

  const marker = `live-${process.pid}`;
  await guestShell(`echo ${marker} > /dev/ttyS0`);
  for (const stream of [writer, operator, viewer])
    await stream.until(() => (stream.binary.includes(marker) ? true : undefined), 'live output');

  // The guest reads one line from its serial port: keys of the others must not reach it.
  await guestShell('head -n 1 /dev/ttyS0 > /tmp/typed', false);
  // Input to a serial port nobody has open is dropped: wait until `head` reads it.
  await eventually(
    async () => (await guestShell('pidof head')).trim() || undefined,
    20_000,
    'head reading the serial port',
  );
  viewer.socket.send(Buffer.from('from-the-viewer\n'));
  operator.socket.send(Buffer.from('from-the-operator\n'));
  await new Promise((resolve) => setTimeout(resolve, 300));
  writer.socket.send(Buffer.from('from-the-writer\n'));
  const typed = await eventually(
    async () => (await guestShell('cat /tmp/typed')) || undefined,
    20_000,
    'the typed line in the guest',
  );
  assert.equal(typed.trim(), 'from-the-writer');

  // An operator claims the keyboard; a viewer cannot.
  viewer.socket.send(JSON.stringify({ type: 'claim' }));
  operator.socket.send(JSON.stringify({ type: 'claim' }));
  await operator.text((frame) => frame.type === 'writer' && frame.self === true, 'claimed');
  await writer.until(
    () => (writer.texts.at(-1)?.self === false ? true : undefined),
    'the writer told it lost the keyboard',
  );
  assert.equal(
    viewer.texts.some((frame) => frame.self === true),
    false,
  );
  for (const stream of [writer, operator, viewer]) stream.close();
});

test('hmp: a command line, completion from help, and the role policy', async () => {
  const hmp = await open(users.viewer!, 'hmp');
  hmp.socket.send(JSON.stringify({ id: 1, line: 'info status' }));
  hmp.socket.send(JSON.stringify({ id: 2, complete: 'inf' }));
  hmp.socket.send(JSON.stringify({ id: 3, complete: 'info sta' }));
  hmp.socket.send(JSON.stringify({ id: 4, line: 'stop' }));
  const reply = (id: number) => hmp.text((frame) => frame.id === id, `reply ${id}`);
  assert.match(String((await reply(1)).output), /VM status: running/);
  assert.ok(((await reply(2)).completions as string[]).includes('info'));
  const topics = (await reply(3)).completions as string[];
  assert.ok(topics.includes('status'), topics.join(' '));
  assert.ok(topics.every((topic) => topic.startsWith('sta')));
  const refusal = (await reply(4)) as { error: { code: string; message: string } };
  assert.equal(refusal.error.code, 'MONITOR_COMMAND_REFUSED');
  hmp.close();
});

test('qmp: the greeting, replies with their ids, every event, and the role policy', async () => {
  const viewer = await open(users.viewer!, 'qmp');
  const operator = await open(users.operator!, 'qmp');
  for (const stream of [viewer, operator]) {
    const greeting = await stream.text((frame) => 'QMP' in frame, 'the greeting');
    assert.equal(stream.texts[0], greeting);
    stream.socket.send(JSON.stringify({ execute: 'qmp_capabilities', id: 'caps' }));
    assert.deepEqual(await stream.text((frame) => frame.id === 'caps', 'caps'), {
      return: {},
      id: 'caps',
    });
  }
  viewer.socket.send(JSON.stringify({ execute: 'query-status', id: 1 }));
  assert.equal(
    ((await viewer.text((frame) => frame.id === 1, 'query-status')).return as { status: string })
      .status,
    'running',
  );
  viewer.socket.send(JSON.stringify({ execute: 'stop', id: 2 }));
  const refused = (await viewer.text((frame) => frame.id === 2, 'stop refused')) as {
    error: { class: string; desc: string };
  };
  assert.equal(refused.error.class, 'GenericError');
  assert.match(refused.error.desc, /refused for role viewer/);
  viewer.socket.send('not json');
  await viewer.text((frame) => 'error' in frame && frame.id === undefined, 'bad JSON answered');

  operator.socket.send(JSON.stringify({ execute: 'stop', id: 'o1' }));
  await operator.text((frame) => frame.id === 'o1', 'stop');
  operator.socket.send(JSON.stringify({ execute: 'cont', id: 'o2' }));
  await operator.text((frame) => frame.id === 'o2', 'cont');
  for (const stream of [viewer, operator]) {
    for (const name of ['STOP', 'RESUME']) {
      const event = (await stream.text((frame) => frame.event === name, name)) as {
        timestamp: { seconds: number };
      };
      assert.ok(event.timestamp.seconds > 0);
    }
  }
  // The viewer's refused stop never reached QEMU: only the operator's stop shows.
  assert.equal(viewer.texts.filter((frame) => frame.event === 'STOP').length, 1);
  assert.equal((await admin.getVm('demo')).state, 'running');
  viewer.close();
  operator.close();
});

test('vnc: two viewers with the one-time password both get the screen; neither is kicked', async () => {
  const viewers: RfbViewer[] = [];
  for (const client of [users.viewer!, admin]) {
    const { url, password } = await client.consoleStream('demo', 'vnc');
    assert.ok(password && password.length === 8, `password ${password}`);
    // noVNC asks for the `binary` subprotocol.
    const stream = await StreamClient.open(url, {}, ['binary']);
    assert.equal(stream.socket.protocol, 'binary');
    streams.push(stream);
    const viewer = new RfbViewer(stream);
    await viewer.handshake(password);
    viewers.push(viewer);
  }
  for (const viewer of viewers) {
    assert.ok(viewer.width > 0 && viewer.height > 0);
    viewer.requestUpdate();
    const { type, rectangles } = await viewer.nextUpdateHeader();
    assert.equal(type, 0, 'a FramebufferUpdate');
    assert.ok(rectangles > 0);
  }
  for (const viewer of viewers) assert.equal(viewer.stream.closed, undefined);

  // A wrong password is refused by QEMU itself.
  const { url } = await admin.consoleStream('demo', 'vnc');
  const intruder = new RfbViewer(await StreamClient.open(url));
  streams.push(intruder.stream);
  await assert.rejects(intruder.handshake('wrong-pw'), /refused|Authentication/i);
  for (const viewer of viewers) {
    viewer.stream.close();
  }
});

test('vnc: a viewer that stops reading does not grow the daemon’s memory', async () => {
  const { url, password } = await admin.consoleStream('demo', 'vnc');
  const stream = await StreamClient.open(url);
  streams.push(stream);
  const viewer = new RfbViewer(stream);
  await viewer.handshake(password!);
  const before = process.memoryUsage().arrayBuffers;
  let peak = before;
  let sent = 0;
  // The viewer stops reading and keeps asking for the whole screen.
  stream.socket.pause();
  const deadline = Date.now() + 4_000;
  while (Date.now() < deadline) {
    viewer.requestUpdate();
    sent++;
    await new Promise((resolve) => setTimeout(resolve, 10));
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  const grown = peak - before;
  const screen = viewer.width * viewer.height * 4;
  // Unbounded, the daemon would queue every screen QEMU sends (about 25 MiB in these 4 s).
  // Bounded: at most 2 MiB waits, plus what sockets and frames hold.
  assert.ok(
    grown < 12 * 1024 * 1024,
    `${(grown / 1048576).toFixed(1)} MiB more after ${sent} requests of ${(screen / 1048576).toFixed(1)} MiB`,
  );
  stream.socket.resume();
  assert.equal(stream.closed, undefined);
  stream.close();
});

test('screenshots: a PNG, throttled to one screendump per 2 s, and a small thumbnail', async () => {
  const first = await users.viewer!.screenshot('demo');
  const { width, height } = pngSize(first.png);
  assert.ok(width >= 640 && height >= 400, `${width}x${height}`);
  const again = await users.viewer!.screenshot('demo');
  assert.equal(again.takenAt, first.takenAt, 'served from the cache within 2 s');
  assert.deepEqual(again.png, first.png);
  const thumb = await users.viewer!.screenshot('demo', { thumb: true });
  const small = pngSize(thumb.png);
  assert.ok(small.width <= 320 && small.width >= 160, `thumbnail ${small.width}x${small.height}`);
  assert.equal(small.height, Math.floor(height / (width / small.width)));
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  const later = await users.viewer!.screenshot('demo');
  assert.ok(later.takenAt >= first.takenAt + 2_000, 'a new screendump after 2 s');
  // No screendump file is left in the VM's folder.
  const left = (await readdir(join(dirs.runtimeRoot, 'demo'))).filter((f) =>
    f.includes('screendump'),
  );
  assert.deepEqual(left, []);
});

test('the QMP schema of the running QEMU, for completion', async () => {
  const schema = (await users.viewer!.qmpSchema('demo')) as { name: string }[];
  assert.ok(schema.some((entry) => entry.name === 'query-status'));
});

test('a console closes when its user loses access: a revoked grant, a deleted user', async () => {
  const user = await admin.createUser('visitor', 'visitor-password', 'viewer');
  await admin.grant('visitor', 'demo', 'operator');
  const visitor = new ApiClient({ baseUrl: daemon.url });
  await visitor.login('visitor', 'visitor-password');

  const granted = await open(visitor, 'hmp');
  // The grant counts on the stream: `stop` is an operator's.
  granted.socket.send(JSON.stringify({ id: 1, line: 'stop' }));
  granted.socket.send(JSON.stringify({ id: 2, line: 'cont' }));
  assert.equal((await granted.text((frame) => frame.id === 1, 'stop')).error, undefined);
  assert.equal((await granted.text((frame) => frame.id === 2, 'cont')).error, undefined);
  await admin.revokeGrant('visitor', 'demo');
  const demoted = await granted.until(() => granted.closed, 'the close after the revoke', 10_000);
  assert.equal(demoted.code, 4403);

  const viewing = await open(visitor, 'hmp');
  await admin.deleteUser(user.id);
  const gone = await viewing.until(() => viewing.closed, 'the close after the delete', 10_000);
  assert.equal(gone.code, 4403);
});
