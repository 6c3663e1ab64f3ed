import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QgaClient, type QgaConnectOptions } from '../../src/qga/index.js';
import { CommandTimeoutError, DisconnectedError } from '../../src/session/index.js';
import { qemuFacts } from '../support/qemu-version.js';
import { type FaultProxy, startFaultProxy } from '../support/qga-fault-proxy.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

describe('faults between the client and a real qemu-ga (proxy on real sockets)', {
  timeout: 60_000,
}, () => {
  let agent: HostAgent;
  before(async () => {
    agent = await startHostAgent();
  });
  after(async () => {
    await agent?.stop();
  });

  /** A proxy to the agent for one test; the agent serves one connection at a time. */
  async function withProxy(run: (proxy: FaultProxy) => Promise<void>): Promise<void> {
    const proxy = await startFaultProxy(agent.socket);
    try {
      await run(proxy);
    } finally {
      await proxy.close();
    }
  }

  async function connect(proxy: FaultProxy, options: QgaConnectOptions = {}): Promise<QgaClient> {
    return QgaClient.connect(proxy.path, { syncTimeout: 10_000, ...options });
  }

  it('drops a reply that comes after its caller timed out, while the next call waits', async () => {
    await withProxy(async (proxy) => {
      const client = await connect(proxy);
      try {
        proxy.holdReplies();
        await assert.rejects(
          client.execute('guest-sync', { id: 1 }, { timeout: 200 }),
          CommandTimeoutError,
        );
        setTimeout(() => proxy.releaseReplies(), 300);
        // The late reply, the agent's complaint about 0xFF and the resync all arrive together.
        assert.equal(await client.execute('guest-sync', { id: 2 }, { timeout: 10_000 }), 2);
        assert.equal(client.stats.lateReplies, 1);
        assert.equal(await client.execute('guest-sync', { id: 3 }), 3);
      } finally {
        await client.close();
      }
    });
  });

  it('drops a late reply that arrives while the client is idle', async () => {
    await withProxy(async (proxy) => {
      const client = await connect(proxy);
      try {
        proxy.holdReplies();
        await assert.rejects(
          client.execute('guest-get-host-name', {}, { timeout: 200 }),
          CommandTimeoutError,
        );
        proxy.releaseReplies();
        await sleep(100);
        assert.equal(client.stats.lateReplies, 1);
        assert.equal(await client.execute('guest-sync', { id: 4 }), 4);
      } finally {
        await client.close();
      }
    });
  });

  it('works when every byte arrives on its own, both ways', async () => {
    await withProxy(async (proxy) => {
      proxy.splitBytes(true);
      const client = await connect(proxy, { timeout: 30_000 });
      try {
        const info = await client.execute('guest-info');
        assert.equal(info.supported_commands.length, qemuFacts.agentCommandCount);
        const exec = await client.exec('/bin/sh', ['-c', 'echo "héllo 😀"; exit 2'], {
          timeout: 30_000,
        });
        assert.equal(exec.stdout, 'héllo 😀\n');
        assert.equal(exec.exitCode, 2);
        const data = randomBytes(3000);
        const source = join(agent.dir, 'split-source');
        await writeFile(source, data);
        await client.copyToGuest(source, join(agent.dir, 'split-guest'), { chunkSize: 1024 });
        await client.copyFromGuest(join(agent.dir, 'split-guest'), join(agent.dir, 'split-back'), {
          chunkSize: 1024,
        });
        const back = await readFile(join(agent.dir, 'split-back'));
        assert.equal(
          createHash('sha256').update(back).digest('hex'),
          createHash('sha256').update(data).digest('hex'),
        );
        assert.equal(client.stats.decodeErrors, 0);
      } finally {
        await client.close();
      }
    });
  });

  it("never hands an earlier client's reply to a later client", async () => {
    await withProxy(async (proxy) => {
      const first = await connect(proxy);
      proxy.holdReplies();
      await assert.rejects(
        first.execute('guest-sync', { id: 111 }, { timeout: 200 }),
        CommandTimeoutError,
      );
      await first.close();
      // The reply for the first client is still in the channel when the second connects.
      const connecting = connect(proxy);
      setTimeout(() => proxy.releaseReplies(), 200);
      const second = await connecting;
      try {
        assert.ok(second.stats.unmatchedReplies >= 2, JSON.stringify(second.stats));
        assert.equal(await second.execute('guest-sync', { id: 222 }), 222);
      } finally {
        await second.close();
      }
    });
  });

  it('skips leftovers in the channel: complete replies, and one cut short', async () => {
    await withProxy(async (proxy) => {
      proxy.greetWith(
        Buffer.from(
          '{"return": 5, "id": 1}\n{"return": {}, "id": "abc-2"}\n{"return": 12345}\n{"return": {"host-na',
        ),
      );
      const client = await connect(proxy);
      try {
        assert.equal(await client.execute('guest-sync', { id: 6 }), 6);
        assert.equal(await client.execute('guest-sync', { id: 1 }), 1);
        assert.ok(client.stats.unmatchedReplies >= 3);
      } finally {
        await client.close();
      }
    });
  });

  it('fails the call when the connection closes mid-reply; a new client works', async () => {
    await withProxy(async (proxy) => {
      const client = await connect(proxy);
      proxy.cutAfter(100);
      await assert.rejects(client.execute('guest-info'), (error: unknown) => {
        assert.ok(error instanceof DisconnectedError);
        assert.equal(error.command, 'guest-info');
        return true;
      });
      assert.equal(client.isClosed, true);
      await assert.rejects(client.execute('guest-ping'), DisconnectedError);
      const next = await connect(proxy);
      try {
        assert.equal(
          (await next.execute('guest-info')).supported_commands.length,
          qemuFacts.agentCommandCount,
        );
      } finally {
        await next.close();
      }
    });
  });

  it('resolves a command that replies only on failure when it stays silent, or the channel closes', async () => {
    await withProxy(async (proxy) => {
      // guest-ping stands in for guest-shutdown, which must not run on the host.
      const client = await connect(proxy, { noReplyWindow: 200 });
      try {
        proxy.dropReplies(true);
        const started = performance.now();
        assert.deepEqual(
          await client.executeUntyped('guest-ping', undefined, { noReply: true }),
          {},
        );
        const waited = performance.now() - started;
        assert.ok(waited >= 150 && waited < 2_000, `${waited} ms`);
        proxy.dropReplies(false);
        assert.equal(await client.execute('guest-sync', { id: 10 }), 10);

        proxy.cutAfter(0);
        assert.deepEqual(
          await client.executeUntyped('guest-ping', undefined, { noReply: true, timeout: 10_000 }),
          {},
        );
        assert.equal(client.isClosed, true);
      } finally {
        await client.close();
      }
    });
  });
});
