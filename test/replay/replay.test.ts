import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMux } from '../../src/mux/index.js';
import { QmpClient, type QmpEvent } from '../../src/qmp/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { LineClient, socketDir } from '../mux/support.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';
import { qemuFacts } from '../support/qemu-version.js';

interface Session {
  results: unknown[];
  events: QmpEvent[];
}

/** The recorded conversation: queries, a failing command, HMP, and commands with events. */
async function converse(client: QmpClient): Promise<Session> {
  const events: QmpEvent[] = [];
  client.onAnyEvent((event) => events.push(event));
  const results: unknown[] = [];
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      (value) => results.push(value),
      (error: Error) => results.push(`error: ${error.message}`),
    );
  await settle(client.execute('query-status'));
  await settle(client.execute('query-version'));
  await settle(client.execute('cont'));
  await settle(client.execute('query-status'));
  await settle(client.execute('device_add', { driver: 'virtio-net-pci', id: 'nic1', bus: 'rp1' }));
  await settle(client.execute('qom-get', { path: '/machine/peripheral/nic1', property: 'type' }));
  await settle(
    client
      .executeAndWait('device_del', { id: 'nic1' }, 'DEVICE_DELETED', {
        match: (event) => (event.data as { device?: string }).device === 'nic1',
      })
      .then(({ result }) => result),
  );
  await settle(client.execute('device_del', { id: 'nope' }));
  await settle(client.hmp('info status'));
  await settle(client.execute('stop'));
  await settle(client.execute('query-status'));
  return { results, events };
}

describe('replaying a recorded session', () => {
  let qemu: TestQemu;
  let recorded: Session;
  const log: string[] = [];

  before(async () => {
    qemu = await startQemu(q35Args(1));
    const client = await QmpClient.connect(qemu.qmp, { trafficLog: (line) => log.push(line) });
    recorded = await converse(client);
    await client.close();
  });
  after(async () => {
    await qemu.stop();
  });

  it('gives a fresh QmpClient the same answers and events', async () => {
    const sockets = socketDir();
    const path = join(sockets.dir, 'session.log');
    writeFileSync(path, `${log.join('\n')}\n`);
    const replay = await startReplayServer({ log: path, listen: join(sockets.dir, 'replay.sock') });
    try {
      const client = await QmpClient.connect(replay.address);
      assert.deepEqual(client.greeting.version.qemu.major, qemuFacts.major);
      const replayed = await converse(client);
      await client.close();
      assert.deepEqual(replayed.results, recorded.results);
      assert.deepEqual(replayed.events, recorded.events);
      assert.ok(recorded.events.some((event) => event.event === 'DEVICE_DELETED'));
      assert.deepEqual(replay.stats(), { clients: 1, answered: 11, unmatched: 0 });
    } finally {
      await replay.close();
      sockets.remove();
    }
  });

  it('refuses a TCP listener without authentication, as the mux does', async () => {
    await assert.rejects(startReplayServer({ log, listen: 'tcp::0' }), {
      code: 'LISTEN_INSECURE',
    });
    await assert.rejects(startReplayServer({ log, listen: 'tcp:0.0.0.0:0', tokenFile: '/x' }), {
      code: 'LISTEN_INSECURE',
    });
  });

  it('serves a TCP client only after its token; others get no greeting', async () => {
    const sockets = socketDir();
    const tokenFile = join(sockets.dir, 'replay.token');
    const replay = await startReplayServer({ log, listen: 'tcp::0', tokenFile, authTimeout: 1000 });
    try {
      const port = Number(replay.address.slice(replay.address.lastIndexOf(':') + 1));
      const stranger = net.connect(port, '127.0.0.1');
      stranger.write('{"execute": "qmp_capabilities"}\n');
      let heard = '';
      stranger.setEncoding('utf8').on('data', (text: string) => {
        heard += text;
      });
      await once(stranger, 'close');
      assert.doesNotMatch(heard, /"QMP"/);
      assert.match(heard, /authentication failed/);
      const token = readFileSync(tokenFile, 'utf8').trim();
      const member = net.connect(port, '127.0.0.1');
      member.write(`${token}\n`);
      const [greeting] = (await once(member.setEncoding('utf8'), 'data')) as [string];
      assert.match(greeting, /^\{"QMP"/);
      member.destroy();
    } finally {
      await replay.close();
      sockets.remove();
    }
  });

  it('matches answers by command and arguments, not by order, under the client’s ids', async () => {
    const sockets = socketDir();
    const replay = await startReplayServer({ log, listen: join(sockets.dir, 'r.sock') });
    try {
      const client = await LineClient.negotiated(replay.address);
      client.send(
        [
          '{"execute": "qom-get", "arguments": {"property": "type", "path": "/machine/peripheral/nic1"}, "id": "a"}',
          '{"execute": "query-version", "id": ["b"]}',
          '{"execute": "query-status"}',
          '{"execute": "query-status", "id": 2}',
          '{"execute": "query-status", "id": 3}',
          '{"execute": "query-status", "id": 4}',
          '{"execute": "query-cpus-fast", "id": 5}',
          '',
        ].join('\n'),
      );
      const replies = (await client.waitForLines(7)).map((line) => JSON.parse(line));
      assert.deepEqual(replies[0], { return: 'virtio-net-pci', id: 'a' });
      assert.deepEqual(replies[1].id, ['b']);
      assert.equal(replies[1].return.qemu.major, qemuFacts.major);
      // query-status answers come in recorded order: paused, running, paused, then the last again.
      assert.deepEqual(
        replies.slice(2, 6).map((reply) => [reply.id, reply.return.status]),
        [
          [undefined, 'prelaunch'],
          [2, 'running'],
          [3, 'paused'],
          [4, 'paused'],
        ],
      );
      assert.deepEqual(replies[6], {
        id: 5,
        error: {
          class: 'GenericError',
          desc: 'qmon replay: the recording has no reply to query-cpus-fast with these arguments',
        },
      });
      client.close();
    } finally {
      await replay.close();
      sockets.remove();
    }
  });

  it('replays one client’s session from a mux traffic log', async () => {
    const sockets = socketDir();
    const qemu2 = await startQemu();
    const muxLog: string[] = [];
    const mux = await startMux({
      upstream: qemu2.qmp,
      listen: [join(sockets.dir, 'mux.sock')],
      trafficLog: (line) => muxLog.push(line),
      log: () => {},
    });
    try {
      const other = await QmpClient.connect(mux.listeners[0]!.address);
      const client = await QmpClient.connect(mux.listeners[0]!.address);
      const version = await client.execute('query-version');
      await other.execute('query-name');
      await client.close();
      await other.close();
      const id = /^\S+ (c\d+) /.exec(muxLog.find((line) => line.includes('query-version'))!)![1]!;
      const listen = join(sockets.dir, 'replay.sock');
      await assert.rejects(startReplayServer({ log: muxLog, listen }), /holds 2 clients/);
      const replay = await startReplayServer({ log: muxLog, listen, client: id });
      const replayed = await QmpClient.connect(replay.address);
      assert.deepEqual(await replayed.execute('query-version'), version);
      await replayed.close();
      await replay.close();
    } finally {
      await mux.close();
      await qemu2.stop();
      sockets.remove();
    }
  });
});
