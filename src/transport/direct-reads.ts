import type net from 'node:net';

/** Takes the bytes of one read; they are valid only until it returns. */
export type DirectReader = (chunk: Uint8Array) => void;

const READ_BUFFER_BYTES = 64 * 1024;
const attachers = new WeakMap<object, (reader: DirectReader) => void>();

/**
 * Socket options under which reads skip Node's Readable machinery (net's
 * `onread`): every read lands in one reusable buffer and goes straight to the
 * reader, with no Buffer allocated and no 'data' event. On this path each QMP
 * round trip is several per cent faster. Reads that come before a reader is
 * attached (QEMU's greeting) are copied and handed over when it is.
 */
export function directReadOptions(): {
  onread: net.OnReadOpts;
  /** Makes the socket created with `onread` attachable. */
  register(socket: net.Socket): void;
} {
  let reader: DirectReader | undefined;
  const early: Buffer[] = [];
  return {
    onread: {
      buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
      callback: (bytes, buffer) => {
        const chunk = buffer.subarray(0, bytes);
        if (reader) reader(chunk);
        else early.push(Buffer.from(chunk));
        return true;
      },
    },
    register: (socket) =>
      attachers.set(socket, (attached) => {
        reader = attached;
        for (const chunk of early.splice(0)) attached(chunk);
      }),
  };
}

/**
 * Sends a socket's reads to `reader` if it was opened with direct reads (and
 * has no reader yet); false for any other stream, which then emits 'data'.
 */
export function attachDirectReader(stream: object, reader: DirectReader): boolean {
  const attach = attachers.get(stream);
  if (!attach) return false;
  attachers.delete(stream);
  attach(reader);
  return true;
}
