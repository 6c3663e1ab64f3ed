import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type DemoGuest,
  demoGuestQemuArgs,
  ensureDemoGuest,
} from '../../src/launch/demo-guest/demo-guest.js';
import { agentCommand, type BootedGuest, bootDemoGuest } from '../support/guest.js';
import { demoGuestAgentFacts } from '../support/qemu-version.js';

const AGENT_READY_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('demoGuestQemuArgs', () => {
  const guest: DemoGuest = { kernel: '/k', initrd: '/i', cmdline: 'console=ttyS0', key: 'x' };

  test('escapes commas in paths and adds the optional devices', () => {
    const args = demoGuestQemuArgs(guest, {
      qgaSocket: '/a,b/qga.sock',
      serialLog: '/l,og',
      dataDisk: '/d,isk.img',
      memoryMiB: 128,
      noReboot: true,
    });
    assert.ok(args.includes('socket,id=qga0,path=/a,,b/qga.sock,server=on,wait=off'));
    assert.ok(args.includes('file,id=serial0,path=/l,,og'));
    assert.ok(args.some((a) => a.endsWith('file.filename=/d,,isk.img')));
    assert.equal(args[args.indexOf('-m') + 1], '128');
    assert.equal(args[args.indexOf('-append') + 1], 'console=ttyS0');
    assert.ok(args.includes('-no-reboot'));
  });

  test('discards the console and attaches no disk by default', () => {
    const args = demoGuestQemuArgs(guest, { qgaSocket: '/q' });
    assert.equal(args[args.indexOf('-serial') + 1], 'null');
    assert.ok(!args.includes('-blockdev'));
    assert.ok(!args.includes('-no-reboot'));
  });
});

describe('demo guest under TCG', { timeout: 15 * 60_000 }, () => {
  let guest: DemoGuest;
  let vm: BootedGuest | undefined;
  let readyMs = Number.NaN;
  let ensureMs = Number.NaN;

  before(async () => {
    const started = Date.now();
    guest = await ensureDemoGuest();
    ensureMs = Date.now() - started;
    vm = await bootDemoGuest({
      guest,
      dataDisk: { files: { 'hello.txt': 'hello from the data disk\n' } },
    });
    readyMs = await vm.waitForAgent(AGENT_READY_MS);
  });

  after(async () => {
    await vm?.stop();
  });

  test('a cached guest is returned without rebuilding', async () => {
    const started = Date.now();
    const again = await ensureDemoGuest();
    assert.deepEqual(again, guest);
    assert.ok(Date.now() - started < 10_000);
  });

  test('the agent answers within the bound', (t) => {
    t.diagnostic(`demo guest ${guest.key} built or found in ${ensureMs} ms`);
    t.diagnostic(`boot to a ready agent: ${readyMs} ms`);
    assert.ok(readyMs < AGENT_READY_MS);
  });

  test("guest-info lists the commands of the guest's qemu-ga", async () => {
    const reply = await agentCommand(vm!.qgaSocket, 'guest-info');
    const info = reply.return as { version: string; supported_commands: { name: string }[] };
    assert.equal(info.version, demoGuestAgentFacts.full);
    assert.equal(info.supported_commands.length, demoGuestAgentFacts.agentCommandCount);
    assert.ok(info.supported_commands.some((c) => c.name === 'guest-exec'));
  });

  test('guest-exec captures output and the exit code', async () => {
    const started = await agentCommand(vm!.qgaSocket, 'guest-exec', {
      path: '/bin/sh',
      arg: ['-c', 'echo hi; exit 3'],
      'capture-output': true,
    });
    const { pid } = started.return as { pid: number };
    const deadline = Date.now() + 10_000;
    let status: { exited: boolean; exitcode?: number; 'out-data'?: string };
    for (;;) {
      const reply = await agentCommand(vm!.qgaSocket, 'guest-exec-status', { pid });
      status = reply.return as typeof status;
      if (status.exited || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status.exited, true);
    assert.equal(status.exitcode, 3);
    assert.equal(Buffer.from(status['out-data'] ?? '', 'base64').toString(), 'hi\n');
  });

  test('guest-get-fsinfo shows the data disk at /mnt/data', async () => {
    const reply = await agentCommand(vm!.qgaSocket, 'guest-get-fsinfo');
    const filesystems = reply.return as { mountpoint: string; type: string; name: string }[];
    const data = filesystems.find((fs) => fs.mountpoint === '/mnt/data');
    assert.ok(data, JSON.stringify(filesystems));
    assert.equal(data.type, 'ext4');
    assert.equal(data.name, 'vda');
  });

  test('the data disk holds the prefilled file', async () => {
    const opened = await agentCommand(vm!.qgaSocket, 'guest-file-open', {
      path: '/mnt/data/hello.txt',
    });
    const handle = opened.return as number;
    const read = await agentCommand(vm!.qgaSocket, 'guest-file-read', { handle });
    await agentCommand(vm!.qgaSocket, 'guest-file-close', { handle });
    const { 'buf-b64': data } = read.return as { 'buf-b64': string };
    assert.equal(Buffer.from(data, 'base64').toString(), 'hello from the data disk\n');
  });

  test('guest-shutdown powers the guest off and QEMU exits', async (t) => {
    const started = Date.now();
    await agentCommand(vm!.qgaSocket, 'guest-shutdown', undefined, { noReply: true });
    const exit = await withTimeout(vm!.exited, 30_000, 'QEMU exit after guest-shutdown');
    t.diagnostic(`QEMU exited ${Date.now() - started} ms after guest-shutdown`);
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});
