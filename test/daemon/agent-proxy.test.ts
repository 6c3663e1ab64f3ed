/**
 * The daemon's agent.sock in front of the real qemu-ga: commands answered in
 * order, the sync handshake answered by the proxy, and its bounds: a client
 * that floods it stops being read, its waiting commands go when it leaves,
 * and a line past 16 MiB closes the connection.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AgentProxy } from '../../src/daemon/owner/agent-proxy.js';
import { QgaClient } from '../../src/qga/qga-client.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

let hostAgent: HostAgent;
let client: QgaClient;
let proxy: AgentProxy;
let dir: string;
let asked = 0;
let gate: Promise<void> = Promise.resolve();

before(async () => {
  hostAgent = await startHostAgent();
  client = await QgaClient.connect(hostAgent.socket);
  dir = await mkdtemp(join(tmpdir(), 'qmon-agent-proxy-'));
  proxy = await AgentProxy.listen(join(dir, 'agent.sock'), async () => {
    asked++;
    await gate;
    return client;
  });
});

after(async () => {
  await proxy?.close();
  await client?.close();
  await hostAgent?.stop();
  await rm(dir, { recursive: true, force: true });
});

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(join(dir, 'agent.sock'), () => resolve(socket));
    socket.once('error', reject);
  });
}

function readLines(socket: net.Socket, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const lines = text.split('\n');
      if (lines.length > count) {
        socket.off('data', onData);
        resolve(lines.slice(0, count));
      }
    };
    socket.on('data', onData);
    socket.once('close', () =>
      reject(new Error(`closed after ${text.split('\n').length - 1} lines`)),
    );
  });
}

test('commands are answered in order through the one agent client; sync is answered here', async () => {
  const socket = await connect();
  try {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `{"execute":"guest-ping","id":${i}}\n`,
    ).join('');
    const replies = readLines(socket, 302);
    socket.write(
      `\xff{"execute":"guest-sync-delimited","arguments":{"id":123456789012345678}}\n${lines}{"execute":"guest-info","id":"last"}\n`,
      'latin1',
    );
    const [sync, ...rest] = await replies;
    assert.equal(sync, '\xff{"return":123456789012345678}');
    assert.deepEqual(
      rest.slice(0, 300).map((line) => JSON.parse(line)),
      Array.from({ length: 300 }, (_, i) => ({ return: {}, id: i })),
    );
    assert.match(rest[300]!, /^\{"return":\{"version":.*"id":"last"\}$/);
  } finally {
    socket.destroy();
  }
});

test('a flooding client stops being read, and its waiting commands go when it leaves', async () => {
  let release!: () => void;
  gate = new Promise((resolve) => {
    release = resolve;
  });
  asked = 0;
  const flood = await connect();
  const line = '{"execute":"guest-ping"}\n';
  flood.write(line.repeat((8 * 1024 * 1024) / line.length));
  await new Promise((resolve) => setTimeout(resolve, 500));
  // The kernel holds a few hundred KiB; the rest waits in the client because the proxy paused.
  assert.ok(flood.writableLength > 4 * 1024 * 1024, `${flood.writableLength} bytes unsent`);
  assert.equal(asked, 1, 'one command at a time reaches the agent');
  flood.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  gate = Promise.resolve();
  const next = await connect();
  try {
    const reply = readLines(next, 1);
    next.write('{"execute":"guest-ping","id":"after"}\n');
    assert.deepEqual(JSON.parse((await reply)[0]!), { return: {}, id: 'after' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(asked <= 3, `${asked} agent calls: the departed client's commands were dropped`);
  } finally {
    next.destroy();
  }
});

test('a line past 16 MiB closes the connection, and the proxy serves the next client', async () => {
  const socket = await connect();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  for (let i = 0; i < 17; i++) socket.write(chunk);
  await closed;
  const next = await connect();
  try {
    const reply = readLines(next, 1);
    next.write('{"execute":"guest-ping","id":1}\n');
    assert.deepEqual(JSON.parse((await reply)[0]!), { return: {}, id: 1 });
  } finally {
    next.destroy();
  }
});
