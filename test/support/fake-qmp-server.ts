import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_GREETING =
  '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}\r\n';

/** What the fake server does with each command a client sends; `reply` writes raw bytes back. */
export type FakeHandler = (
  command: { execute: string; arguments?: unknown; id?: unknown },
  socket: net.Socket,
) => void;

/**
 * A QMP server over a real unix socket that misbehaves on purpose, for faults
 * the real QEMU cannot be made to produce. `qmp_capabilities` is answered normally.
 */
export async function startFakeQmpServer(
  handler: FakeHandler,
  options: { beforeGreeting?: string } = {},
): Promise<{ path: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-fake-'));
  const path = join(dir, 'qmp.sock');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.beforeGreeting) socket.write(options.beforeGreeting);
    socket.write(FAKE_GREETING);
    let buffered = '';
    socket.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
        const command = JSON.parse(buffered.slice(0, at));
        buffered = buffered.slice(at + 1);
        if (command.execute === 'qmp_capabilities') socket.write(replyLine(command.id));
        else handler(command, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `{"return": value, "id": id}` as QEMU writes it; like QEMU, without `id` when the command had none. */
export function replyLine(id: unknown, value: unknown = {}): string {
  const idMember = id === undefined ? '' : `, "id": ${JSON.stringify(id)}`;
  return `{"return": ${JSON.stringify(value)}${idMember}}\r\n`;
}
