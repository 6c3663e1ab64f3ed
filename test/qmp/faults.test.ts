import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommandTimeoutError,
  DisconnectedError,
  QmpClient,
  ReplyTooLargeError,
} from '../../src/index.js';
import { type FakeHandler, replyLine, startFakeQmpServer } from '../support/fake-qmp-server.js';

async function withFake(
  handler: FakeHandler,
  run: (client: QmpClient) => Promise<void>,
  options = {},
) {
  const server = await startFakeQmpServer(handler);
  const client = await QmpClient.connect(server.path, options);
  try {
    await run(client);
  } finally {
    await client.close();
    await server.close();
  }
}

describe('faults the real QEMU cannot produce (fake server on a real socket)', () => {
  it('skips garbage between messages and reports it', async () => {
    await withFake(
      (command, socket) => socket.write(`this is not json\r\n${replyLine(command.id, 'ok')}`),
      async (client) => {
        assert.equal(await client.executeUntyped('anything'), 'ok');
        assert.equal(client.stats.decodeErrors, 1);
      },
    );
  });

  it('reassembles replies that arrive one byte at a time', async () => {
    await withFake(
      async (command, socket) => {
        const bytes = Buffer.from(replyLine(command.id, { text: 'héllo wörld 😀' }));
        for (const byte of bytes) {
          socket.write(Buffer.from([byte]));
          await sleep(0);
        }
      },
      async (client) => {
        assert.deepEqual(await client.executeUntyped('split'), { text: 'héllo wörld 😀' });
      },
    );
  });

  it('times out a call the peer never answers, and other calls still work', async () => {
    const traffic: string[] = [];
    await withFake(
      (command, socket) => {
        if (command.execute !== 'never') socket.write(replyLine(command.id, command.execute));
      },
      async (client) => {
        assert.equal(await client.executeUntyped('before'), 'before');
        const started = Date.now();
        await assert.rejects(
          client.executeUntyped('never', undefined, { timeout: 200 }),
          CommandTimeoutError,
        );
        assert.ok(Date.now() - started < 2000);
        // Replies are matched by order, so from here on commands carry ids: the
        // missing reply must not shift the next one onto the wrong caller.
        assert.deepEqual(
          await Promise.all([client.executeUntyped('fine'), client.executeUntyped('also')]),
          ['fine', 'also'],
        );
        assert.ok(traffic.some((line) => line.endsWith('--> {"execute":"before"}')));
        assert.ok(traffic.some((line) => /--> \{"execute":"fine","id":\d+\}$/.test(line)));
      },
      { trafficLog: (line: string) => traffic.push(line) },
    );
  });

  it('with ids on, times out an unanswered call and still matches the others', async () => {
    await withFake(
      (command, socket) => {
        if (command.execute !== 'never') socket.write(replyLine(command.id, 1));
      },
      async (client) => {
        await assert.rejects(
          client.executeUntyped('never', undefined, { timeout: 200 }),
          CommandTimeoutError,
        );
        assert.equal(await client.executeUntyped('fine'), 1);
      },
      { inBandIds: true },
    );
  });

  it('receives a 20 MB reply', async () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    await withFake(
      (command, socket) => socket.write(replyLine(command.id, big)),
      async (client) => {
        assert.equal(((await client.executeUntyped('big')) as string).length, big.length);
      },
    );
  });

  it('fails only the caller of a reply over the size cap, and goes on', async () => {
    await withFake(
      (command, socket) =>
        socket.write(replyLine(command.id, command.execute === 'big' ? 'y'.repeat(2_000_000) : 2)),
      async (client) => {
        await assert.rejects(client.executeUntyped('big'), (error) => {
          assert.ok(error instanceof ReplyTooLargeError);
          assert.match(error.message, /^big: message larger than the 1048576-byte cap/);
          return true;
        });
        assert.equal(await client.executeUntyped('small'), 2);
      },
      { maxMessageBytes: 1024 * 1024 },
    );
  });

  it('ignores and counts a reply for an id nobody asked for', async () => {
    await withFake(
      (command, socket) =>
        socket.write(replyLine('not-mine', 'stray') + replyLine(command.id, 'mine')),
      async (client) => {
        assert.equal(await client.executeUntyped('x'), 'mine');
        assert.equal(client.stats.unmatchedReplies, 1);
      },
    );
  });

  it('rejects pending calls when the peer drops mid-reply', async () => {
    await withFake(
      (command, socket) => {
        socket.write(replyLine(command.id, 'z'.repeat(1000)).slice(0, 500));
        setTimeout(() => socket.destroy(), 20);
      },
      async (client) => {
        await assert.rejects(client.executeUntyped('cut'), (error) => {
          assert.ok(error instanceof DisconnectedError);
          assert.match(
            error.message,
            /cut: connection closed before the reply: the peer closed the connection mid-message/,
          );
          return true;
        });
        await assert.rejects(client.executeUntyped('later'), DisconnectedError);
      },
    );
  });
});
