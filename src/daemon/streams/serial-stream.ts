/**
 * `console/serial`: binary frames both ways. Server → client: the persistent
 * log, then live output; client → server: keystrokes, taken from the writer
 * only. Text frames: `{"type":"claim"}` from the client, `{"type":"writer",
 * "self":bool}` from the server whenever the writer changes.
 */
import type { WebSocket } from '@fastify/websocket';
import { permits } from '../auth/roles.js';
import type { ConsoleSession } from './console-session.js';
import { CLOSE, MAX_BUFFERED_BYTES } from './console-session.js';
import type { SerialViewer } from './serial-hub.js';

export async function attachSerialStream(
  socket: WebSocket,
  session: ConsoleSession,
): Promise<void> {
  const hub = await session.managed.serialHub();
  if (!hub) {
    socket.close(CLOSE.noConsole, 'this VM has no serial console');
    return;
  }
  const viewer: SerialViewer = {
    mayWrite: permits(session.principal, 'vm.control', session.vmId),
    output(bytes) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(CLOSE.tooSlow, 'too slow: serial output was dropped');
        return;
      }
      socket.send(bytes, { binary: true });
    },
    writerChanged(self) {
      if (socket.readyState === socket.OPEN)
        socket.send(JSON.stringify({ type: 'writer', self }), { binary: false });
    },
    closed() {
      socket.close(CLOSE.vmGone, 'the serial console ended');
    },
  };
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      if (!hub.input(viewer, data)) {
        socket.pause();
        hub.drained(() => socket.resume());
      }
      return;
    }
    let message: { type?: unknown } | undefined;
    try {
      message = JSON.parse(data.toString('utf8')) as { type?: unknown };
    } catch {}
    if (message?.type === 'claim') hub.claim(viewer);
  });
  socket.on('close', () => hub.leave(viewer));
  if (socket.readyState === socket.OPEN) hub.join(viewer);
}
