import { createHash, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';

/** The longest first line read while waiting for a token. */
export const MAX_TOKEN_LINE = 1024;

export type TokenVerdict = { ok: true } | { ok: false; reason: string };

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/**
 * Reads a client's first line and compares it with `token` (in constant time)
 * before anything else is read or written. On success the bytes after the line
 * are put back and the socket is left paused, for the connection's reader.
 * Gives up after `timeoutMs`, or when the line grows past MAX_TOKEN_LINE bytes.
 */
export function awaitToken(
  socket: Socket,
  token: Buffer,
  timeoutMs: number,
): Promise<TokenVerdict> {
  return new Promise((resolve) => {
    let received: Buffer = Buffer.alloc(0);
    const finish = (verdict: TokenVerdict, rest?: Buffer) => {
      clearTimeout(timer);
      socket.pause();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(verdict);
    };
    const onData = (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const newline = received.indexOf(0x0a);
      if (newline < 0) {
        if (received.length > MAX_TOKEN_LINE) finish({ ok: false, reason: 'no token line' });
        return;
      }
      let end = newline;
      if (end > 0 && received[end - 1] === 0x0d) end--;
      const line = received.subarray(0, end);
      if (timingSafeEqual(digest(line), digest(token)))
        finish({ ok: true }, received.subarray(newline + 1));
      else finish({ ok: false, reason: 'wrong token' });
    };
    const onEnd = () => finish({ ok: false, reason: 'closed before sending a token' });
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no token within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}
