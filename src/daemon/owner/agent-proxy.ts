/**
 * The guest agent channel takes one client, and the daemon holds it. So that
 * local `qmon agent NAME` verbs still work, the daemon serves `agent.sock` in
 * the VM's folder (0600: root only, like `mux.sock`): a client there speaks
 * the agent's own protocol, and each command goes through the daemon's one
 * agent client, which serialises every caller. The sync handshake
 * (`guest-sync`, `guest-sync-delimited` after a 0xFF) is answered here, since
 * the proxy's stream is already in step.
 */
import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import type { QgaClient } from '../../qga/qga-client.js';
import { qgaCommandMetadata } from '../../schema/generated/qemu-10.0/qga.js';
import { RESET_BYTE } from '../../wire/encoder.js';
import { parseJson, stringifyJson } from '../../wire/exact-json.js';

/** A command line this long is not an agent command: the connection is closed. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;
const COMMAND_TIMEOUT_MS = 60_000;
/** Commands one client may have waiting; past this its socket is not read until they drain. */
const MAX_QUEUED = 32;

interface Request {
  execute?: unknown;
  arguments?: unknown;
  id?: unknown;
}

export class AgentProxy {
  private constructor(
    private readonly server: net.Server,
    private readonly path: string,
  ) {}

  static async listen(
    path: string,
    agent: (timeout: number) => Promise<QgaClient>,
  ): Promise<AgentProxy> {
    await rm(path, { force: true });
    const server = net.createServer((socket) => serve(socket, agent));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(path, 0o600);
    return new AgentProxy(server, path);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.path, { force: true });
  }
}

function serve(socket: net.Socket, agent: (timeout: number) => Promise<QgaClient>): void {
  // The start of a line still without its newline, in the chunks it came in
  // (joined once its end arrives, not at every chunk).
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let queue = Promise.resolve();
  let queued = 0;
  const enqueue = (line: string) => {
    if (line === '') return;
    queued++;
    queue = queue.then(async () => {
      // A client that left takes its waiting commands with it.
      if (!socket.destroyed) await answer(socket, line, agent);
      if (--queued < MAX_QUEUED) socket.resume();
    });
  };
  socket.on('error', () => {});
  socket.on('data', (received: Buffer) => {
    // A 0xFF resets the agent's parser; here there is nothing to reset.
    const chunk = received.includes(RESET_BYTE[0]!)
      ? Buffer.from(received.filter((byte) => byte !== RESET_BYTE[0]))
      : received;
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      const line = partialBytes ? Buffer.concat([...partial, piece]) : piece;
      partial = [];
      partialBytes = 0;
      enqueue(line.toString('utf8').trim());
      start = end + 1;
    }
    if (start < chunk.length) {
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
    }
    if (queued >= MAX_QUEUED) socket.pause();
    if (partialBytes > MAX_LINE_BYTES) socket.destroy();
  });
}

async function answer(
  socket: net.Socket,
  line: string,
  agent: (timeout: number) => Promise<QgaClient>,
): Promise<void> {
  let request: Request;
  try {
    // Exact: 64-bit integers in arguments and replies pass through unchanged.
    request = parseJson(line) as Request;
  } catch {
    return reply(socket, { error: { class: 'GenericError', desc: 'JSON parse error' } });
  }
  const { execute, id } = request;
  const withId = (body: Record<string, unknown>) => (id === undefined ? body : { ...body, id });
  if (typeof execute !== 'string')
    return reply(socket, withId({ error: { class: 'GenericError', desc: 'expected "execute"' } }));
  if (execute === 'guest-sync' || execute === 'guest-sync-delimited') {
    const value = (request.arguments as { id?: unknown } | undefined)?.id;
    if (execute === 'guest-sync-delimited' && !socket.destroyed) socket.write(RESET_BYTE);
    return reply(socket, withId({ return: value }));
  }
  try {
    const client = await agent(COMMAND_TIMEOUT_MS);
    const value = await client.executeUntyped(execute, request.arguments, {
      timeout: COMMAND_TIMEOUT_MS,
    });
    const meta = qgaCommandMetadata[execute as keyof typeof qgaCommandMetadata];
    if (meta && !meta.successResponse) return; // as qemu-ga: no reply on success
    reply(socket, withId({ return: value ?? {} }));
  } catch (error) {
    const { errorClass, desc } = error as { errorClass?: string; desc?: string };
    reply(
      socket,
      withId({
        error: {
          class: errorClass ?? 'GenericError',
          desc: desc ?? (error instanceof Error ? error.message : String(error)),
        },
      }),
    );
  }
}

function reply(socket: net.Socket, body: Record<string, unknown>): void {
  const text = stringifyJson(body);
  if (text !== undefined && !socket.destroyed) socket.write(`${text}\n`);
}
