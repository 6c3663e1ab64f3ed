import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QgaClient, QgaNotReadyError } from '../../src/qga/index.js';
import { CommandAbortedError } from '../../src/session/index.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

async function notReady(promise: Promise<unknown>): Promise<QgaNotReadyError> {
  const error = await promise.then(
    () => assert.fail('the agent was reported ready'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof QgaNotReadyError, String(error));
  return error;
}

describe('QgaClient.waitUntilReady', { timeout: 60_000 }, () => {
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qmon-qga-ready-'));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('says the socket is missing', async () => {
    const started = performance.now();
    const error = await notReady(
      QgaClient.waitUntilReady(join(dir, 'missing.sock'), { timeout: 400 }),
    );
    assert.equal(error.code, 'AGENT_SOCKET_MISSING');
    assert.ok(error.attempts > 1);
    assert.ok(performance.now() - started < 2_000);
  });

  it('says the connection is refused when nothing listens on the socket', async () => {
    // A killed agent leaves its socket file behind with nobody listening.
    const path = join(dir, 'stale.sock');
    const agent = await startHostAgent({ socket: path });
    agent.child.kill('SIGKILL');
    await agent.stop();
    assert.ok(existsSync(path));
    const error = await notReady(QgaClient.waitUntilReady(path, { timeout: 400 }));
    assert.equal(error.code, 'AGENT_CONNECTION_REFUSED');
  });

  it('says nothing answers when the socket accepts but stays silent', async () => {
    // What QEMU's chardev does while the guest has not started its agent.
    const path = join(dir, 'silent.sock');
    const connections: net.Socket[] = [];
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.resume();
      connections.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    cleanups.push(async () => {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const started = performance.now();
    const error = await notReady(
      QgaClient.waitUntilReady(path, { timeout: 1_500, attemptTimeout: { initial: 300 } }),
    );
    assert.equal(error.code, 'AGENT_NOT_RESPONDING');
    assert.ok(error.attempts >= 2, `${error.attempts} attempts`);
    assert.ok(connections.length >= 2, 'a fresh connection for each attempt');
    await sleep(100);
    assert.ok(
      connections.every((socket) => socket.destroyed),
      'every attempt closed its connection',
    );
    assert.ok(performance.now() - started < 4_000);
  });

  it('returns a ready client once the agent is up, however late it starts', async () => {
    const path = join(dir, 'late.sock');
    let agent: HostAgent | undefined;
    const starting = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        startHostAgent({ socket: path }).then((started) => {
          agent = started;
          cleanups.push(() => started.stop());
          resolve();
        }, reject);
      }, 500);
    });
    const client = await QgaClient.waitUntilReady(path, { timeout: 20_000 });
    try {
      await starting;
      assert.ok(agent);
      assert.equal(await client.execute('guest-sync', { id: 77 }), 77);
    } finally {
      await client.close();
    }
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await assert.rejects(
      QgaClient.waitUntilReady(join(dir, 'missing.sock'), {
        timeout: 30_000,
        signal: controller.signal,
      }),
      CommandAbortedError,
    );
    assert.ok(performance.now() - started < 2_000);
  });
});
