/**
 * A proxy between a QGA client and a real qemu-ga, for faults the agent will not
 * produce on demand: late replies, bytes split one at a time, leftovers from an
 * earlier client, a connection cut mid-reply.
 *
 * Like QEMU's virtio-serial channel, the connection to the agent outlives the
 * client connections: one upstream link serves each client in turn, so what the
 * agent sends for one client can reach the next.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface FaultProxy {
  /** Socket path clients connect to. */
  path: string;
  /** Holds everything the agent sends until `releaseReplies`. */
  holdReplies(): void;
  /** Sends what was held to the client connected now, and stops holding. */
  releaseReplies(): void;
  /** Discards everything the agent sends (until turned off). */
  dropReplies(on: boolean): void;
  /** Forwards both directions one byte per write. */
  splitBytes(on: boolean): void;
  /** Forwards `bytes` more bytes from the agent, then closes the client connection. */
  cutAfter(bytes: number): void;
  /** Bytes sent to every new client before anything else, as if left in the channel. */
  greetWith(bytes: Buffer | undefined): void;
  /** Bytes the agent sent so far. */
  readonly bytesFromAgent: number;
  close(): Promise<void>;
}

export async function startFaultProxy(agentSocket: string): Promise<FaultProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'qmon-qga-proxy-'));
  const path = join(dir, 'proxy.sock');
  const upstream = net.connect(agentSocket);
  await new Promise<void>((resolve, reject) =>
    upstream.once('connect', resolve).once('error', reject),
  );
  upstream.on('error', () => {});

  let client: net.Socket | undefined;
  let holding = false;
  let dropping = false;
  let split = false;
  let cutBudget: number | undefined;
  let greeting: Buffer | undefined;
  let held: Buffer[] = [];
  let fromAgent = 0;
  /** Writes to the client go through one queue so split writes keep their order. */
  let toClient: Promise<void> = Promise.resolve();
  let toAgent: Promise<void> = Promise.resolve();

  const send = (socket: net.Socket, data: Buffer, queue: Promise<void>): Promise<void> =>
    queue.then(async () => {
      if (!split) {
        if (!socket.destroyed) socket.write(data);
        return;
      }
      for (const byte of data) {
        if (socket.destroyed) return;
        socket.write(Buffer.from([byte]));
        await nextTurn();
      }
    });

  const deliver = (data: Buffer) => {
    const target = client;
    if (!target || target.destroyed) return;
    if (cutBudget !== undefined) {
      const part = data.subarray(0, cutBudget);
      cutBudget -= part.length;
      if (cutBudget <= 0) {
        cutBudget = undefined;
        toClient = send(target, part, toClient).then(() => {
          target.destroy();
        });
        return;
      }
    }
    toClient = send(target, data, toClient);
  };

  upstream.on('data', (data: Buffer) => {
    fromAgent += data.length;
    if (dropping) return;
    if (holding) held.push(data);
    else deliver(data);
  });

  const server = net.createServer((socket) => {
    client?.destroy();
    client = socket;
    socket.on('error', () => {});
    if (greeting) toClient = send(socket, greeting, toClient);
    socket.on('data', (data: Buffer) => {
      toAgent = send(upstream, data, toAgent);
    });
    socket.on('close', () => {
      if (client === socket) client = undefined;
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));

  return {
    path,
    holdReplies: () => {
      holding = true;
    },
    releaseReplies: () => {
      holding = false;
      const data = Buffer.concat(held);
      held = [];
      if (data.length > 0) deliver(data);
    },
    dropReplies: (on) => {
      dropping = on;
    },
    splitBytes: (on) => {
      split = on;
    },
    cutAfter: (bytes) => {
      cutBudget = bytes;
    },
    greetWith: (bytes) => {
      greeting = bytes;
    },
    get bytesFromAgent() {
      return fromAgent;
    },
    close: async () => {
      client?.destroy();
      upstream.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
