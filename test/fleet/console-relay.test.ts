/**
 * The console relay between two daemons, over a real nats-server and a real
 * WebSocket: the VM's host writes to a stand-in, the viewer's daemon relays
 * to the viewer's socket. Order and frame kinds both ways, what arrives
 * before the viewer's socket is attached, the stand-in's buffered bytes
 * falling as the viewer's daemon acknowledges them, pause, close codes, and
 * the close of an end whose other end went silent.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import WebSocket, { WebSocketServer } from 'ws';
import { StandInSocket, ViewerRelay } from '../../src/fleet/console-relay.js';
import { eventually } from './support/fleet.js';
import { freePort } from './support/nats-cluster.js';

const BEAT_MS = 50;
let server: ChildProcess;
let hostNc: NatsConnection;
let viewerNc: NatsConnection;
let wss: WebSocketServer;

before(async () => {
  const port = await freePort();
  server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  const connectSoon = () =>
    eventually(() => connect({ servers: url }).catch(() => undefined), 10_000, 'nats-server');
  hostNc = await connectSoon();
  viewerNc = await connectSoon();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
});

after(async () => {
  await hostNc?.close();
  await viewerNc?.close();
  await new Promise((resolve) => wss?.close(resolve));
  server?.kill('SIGKILL');
});

/** A viewer's WebSocket: the server side (what the daemon holds) and the client (the browser). */
async function viewerSocket(): Promise<{ daemonSide: WebSocket; browser: WebSocket }> {
  const daemonSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const { port } = wss.address() as { port: number };
  const browser = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => browser.once('open', resolve).once('error', reject));
  return { daemonSide: await daemonSide, browser };
}

async function relayPair() {
  const route = { stream: randomUUID(), viewerHost: 'viewer', vmHost: 'host' };
  const relay = new ViewerRelay(viewerNc, route, BEAT_MS);
  await viewerNc.flush();
  const standIn = new StandInSocket(hostNc, route, BEAT_MS);
  await hostNc.flush();
  return { relay, standIn };
}

test('frames both ways in order; bytes buffered until acknowledged; pause; close codes', async () => {
  const { relay, standIn } = await relayPair();
  const { daemonSide, browser } = await viewerSocket();
  const received: { data: Buffer; binary: boolean }[] = [];
  browser.on('message', (data: Buffer, binary: boolean) => received.push({ data, binary }));

  // Sent before the viewer's socket is attached: kept, then delivered first.
  standIn.send(Buffer.from('early'), { binary: true });
  await hostNc.flush();
  relay.attach(daemonSide as never);
  // Past NATS's payload limit: relayed in pieces, arriving whole and in order.
  const big = randomBytes(700 * 1024);
  let sentAll = false;
  standIn.send(big, { binary: true }, () => {
    sentAll = true;
  });
  standIn.send('{"type":"writer","self":true}', { binary: false });
  assert.ok(standIn.bufferedAmount >= big.length, `${standIn.bufferedAmount} bytes buffered`);

  await eventually(
    () => (received.some((frame) => !frame.binary) ? true : undefined),
    10_000,
    'the text frame',
  );
  const binary = Buffer.concat(received.filter((f) => f.binary).map((f) => f.data));
  assert.deepEqual(binary, Buffer.concat([Buffer.from('early'), big]));
  assert.equal(received.at(-1)!.data.toString(), '{"type":"writer","self":true}');
  await eventually(
    () => (standIn.bufferedAmount === 0 && sentAll ? true : undefined),
    10_000,
    "the viewer's daemon acknowledging every byte",
  );

  const messages: [string, boolean][] = [];
  standIn.on('message', (data: Buffer, binary: boolean) =>
    messages.push([data.toString('hex'), binary]),
  );
  browser.send('hi');
  browser.send(Buffer.from([1, 2, 3]));
  await eventually(() => (messages.length === 2 ? true : undefined), 10_000, 'two messages');
  assert.deepEqual(messages, [
    [Buffer.from('hi').toString('hex'), false],
    ['010203', true],
  ]);

  standIn.pause();
  await eventually(() => (daemonSide.isPaused ? true : undefined), 10_000, 'the viewer paused');
  standIn.resume();
  await eventually(() => (daemonSide.isPaused ? undefined : true), 10_000, 'the viewer resumed');

  const closed = new Promise<[number, string]>((resolve) =>
    browser.once('close', (code, reason) => resolve([code, reason.toString()])),
  );
  standIn.close(4404, 'this VM has no serial console');
  assert.deepEqual(await closed, [4404, 'this VM has no serial console']);
});

test("the viewer leaving closes the host's stand-in", async () => {
  const { relay, standIn } = await relayPair();
  const { daemonSide, browser } = await viewerSocket();
  relay.attach(daemonSide as never);
  const closed = new Promise<number>((resolve) => standIn.once('close', resolve));
  browser.close(1000);
  assert.equal(await closed, 1000);
  assert.equal(standIn.readyState, 3);
});

test('an end whose other end went silent closes (1001)', async () => {
  const route = { stream: randomUUID(), viewerHost: 'viewer', vmHost: 'host' };
  // No viewer's daemon at all: nobody beats back.
  const standIn = new StandInSocket(hostNc, route, BEAT_MS);
  const started = performance.now();
  const [code, reason] = await new Promise<[number, string]>((resolve) =>
    standIn.once('close', (code: number, why: Buffer) => resolve([code, why.toString()])),
  );
  assert.equal(code, 1001);
  assert.equal(reason, 'the viewer went silent');
  assert.ok(performance.now() - started >= 3 * BEAT_MS, 'not before three beats of silence');
});
