/**
 * The serial keeper on its own: what QEMU's serial port sends reaches every
 * console and a bounded log, and a console that stops reading is cut off
 * without holding up the others. QEMU's side is a plain socket client here:
 * the real QEMU is in hostile-names, demo-guest-vm and the CLI tests.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SerialKeeper } from '../../src/launch/serial-keeper.js';
import { makeRuntimeRoot, removeRoot } from './support.js';

async function open(path: string): Promise<Socket> {
  const socket = connect(path);
  await once(socket, 'connect');
  return socket;
}

describe('SerialKeeper', () => {
  it('fans the guest output out, bounds the log, and cuts off a console that stops reading', async () => {
    const dir = await makeRuntimeRoot();
    try {
      const keeper = await SerialKeeper.start({
        qemuSocket: join(dir, 'serial-qemu.sock'),
        consoleSocket: join(dir, 'serial.sock'),
        log: join(dir, 'serial.log'),
        maxLogBytes: 256 * 1024,
        qemuWaitMs: 5_000,
      });
      const qemu = await open(join(dir, 'serial-qemu.sock'));
      const reader = await open(join(dir, 'serial.sock'));
      const stuck = await open(join(dir, 'serial.sock'));
      stuck.pause();
      let received = 0;
      reader.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      const typed = new Promise<string>((resolve) => qemu.once('data', (b) => resolve(String(b))));
      reader.write('typed on a console\n');
      assert.equal(await typed, 'typed on a console\n');

      const total = 4 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent < total; sent += chunk.length) {
        if (!qemu.write(chunk)) await once(qemu, 'drain');
      }
      while (received < total) await once(reader, 'data');
      assert.equal(received, total);
      assert.equal(keeper.consoleCount, 1, 'only the reading console is left');
      // Reading again, the stuck console finds the keeper closed it: what it got, then the end.
      let stuckGot = 0;
      stuck.on('data', (bytes: Buffer) => {
        stuckGot += bytes.length;
      });
      stuck.on('error', () => {});
      await once(stuck.resume(), 'close');
      assert.ok(stuckGot < total, `${stuckGot} bytes`);
      assert.equal(statSync(join(dir, 'serial.log.1')).size, 256 * 1024);
      assert.equal(statSync(join(dir, 'serial.log')).size, 256 * 1024);

      const readerClosed = once(reader, 'close');
      qemu.end();
      await keeper.done;
      await readerClosed;
      assert.match(readFileSync(join(dir, 'serial.log'), 'latin1'), /^x+$/);
    } finally {
      await removeRoot(dir);
    }
  });
});
