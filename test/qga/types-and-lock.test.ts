import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import type { QgaClient } from '../../src/qga/index.js';
import { SerialLock } from '../../src/qga/serial-lock.js';
import type { GuestExecStatus, GuestFileRead } from '../../src/schema/generated/qemu-7.2/qga.js';

describe('QgaClient types', () => {
  it('derives execute() from the qemu-ga 7.2 command map', () => {
    type Client = QgaClient;
    const typed = (client: Client) => ({
      info: client.execute('guest-info'),
      read: client.execute('guest-file-read', { handle: 1, count: 10 }),
      status: client.execute('guest-exec-status', { pid: 1 }),
      ping: client.execute('guest-ping'),
    });
    expectTypeOf<ReturnType<typeof typed>['info']>().resolves.toHaveProperty('supported_commands');
    expectTypeOf<ReturnType<typeof typed>['read']>().resolves.toEqualTypeOf<GuestFileRead>();
    expectTypeOf<ReturnType<typeof typed>['status']>().resolves.toEqualTypeOf<GuestExecStatus>();
    const wrong = (client: Client) => {
      // @ts-expect-error: guest-file-read needs a handle
      void client.execute('guest-file-read', {});
      // @ts-expect-error: not a qemu-ga 7.2 command
      void client.execute('guest-get-statvfs');
      // Custom commands go through executeUntyped.
      void client.executeUntyped('guest-get-statvfs', { path: '/' });
    };
    void wrong;
  });

  it('takes a custom command map', () => {
    type Custom = { 'guest-get-statvfs': { args: { path: string }; returns: { free: number } } };
    const custom = (client: QgaClient<Custom>) =>
      client.execute('guest-get-statvfs', { path: '/' });
    expectTypeOf<ReturnType<typeof custom>>().resolves.toEqualTypeOf<{ free: number }>();
  });
});

describe('SerialLock', () => {
  it('grants turns in order, and lets waiters leave on timeout or abort', async () => {
    const lock = new SerialLock();
    const errors = { onTimeout: () => new Error('timeout'), onAbort: () => new Error('abort') };
    const order: string[] = [];
    const first = await lock.acquire({ timeoutMs: 1000, ...errors });
    const controller = new AbortController();
    const second = lock.acquire({ timeoutMs: 1000, ...errors }).then((release) => {
      order.push('second');
      release();
    });
    const aborted = lock.acquire({ timeoutMs: 1000, signal: controller.signal, ...errors });
    const timedOut = lock.acquire({ timeoutMs: 20, ...errors });
    const third = lock.acquire({ timeoutMs: Infinity, ...errors }).then((release) => {
      order.push('third');
      release();
    });
    controller.abort();
    await assert.rejects(aborted, /abort/);
    await assert.rejects(timedOut, /timeout/);
    assert.equal(lock.waiting, 2);
    order.push('first');
    first();
    first();
    await Promise.all([second, third]);
    assert.deepEqual(order, ['first', 'second', 'third']);
    const again = await lock.acquire({ timeoutMs: 0, ...errors });
    again();
  });
});
