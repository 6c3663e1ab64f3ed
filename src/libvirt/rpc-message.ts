/**
 * libvirt RPC messages on the wire: a big-endian u32 length that counts
 * itself, a header of six u32s (program, version, procedure, type, serial,
 * status), then the XDR body. `RpcFrameDecoder` is pure and takes chunks split
 * anywhere.
 */
import { VIR_NET_MESSAGE_MAX } from './generated/protocol.js';
import { XdrError } from './xdr.js';

export const MessageType = {
  CALL: 0,
  REPLY: 1,
  MESSAGE: 2,
  STREAM: 3,
  CALL_WITH_FDS: 4,
  REPLY_WITH_FDS: 5,
  STREAM_HOLE: 6,
} as const;

export const MessageStatus = { OK: 0, ERROR: 1, CONTINUE: 2 } as const;

export const KEEPALIVE_PROGRAM = 0x6b656570;
export const KeepaliveProcedure = { PING: 1, PONG: 2 } as const;

const HEADER_BYTES = 28;

export interface RpcHeader {
  program: number;
  version: number;
  procedure: number;
  type: number;
  serial: number;
  status: number;
}

export interface RpcMessage extends RpcHeader {
  /** The XDR body (a copy; safe to keep). */
  body: Buffer;
}

export function encodeMessage(header: RpcHeader, body: Uint8Array): Buffer {
  const length = HEADER_BYTES + body.length;
  if (length > VIR_NET_MESSAGE_MAX)
    throw new XdrError(
      `a ${length}-byte message exceeds libvirt's limit of ${VIR_NET_MESSAGE_MAX}`,
    );
  const message = Buffer.allocUnsafe(length);
  message.writeUInt32BE(length, 0);
  message.writeUInt32BE(header.program, 4);
  message.writeUInt32BE(header.version, 8);
  message.writeInt32BE(header.procedure, 12);
  message.writeUInt32BE(header.type, 16);
  message.writeUInt32BE(header.serial, 20);
  message.writeUInt32BE(header.status, 24);
  message.set(body, HEADER_BYTES);
  return message;
}

/** Splits a byte stream into messages. A bad length is fatal: framing is lost. */
export class RpcFrameDecoder {
  private carry: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; returns the messages it completes. Throws XdrError on a bad length. */
  push(chunk: Buffer): RpcMessage[] {
    let data = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const messages: RpcMessage[] = [];
    while (data.length >= 4) {
      const length = data.readUInt32BE(0);
      if (length < HEADER_BYTES || length > VIR_NET_MESSAGE_MAX)
        throw new XdrError(`bad libvirt message length ${length}`);
      if (data.length < length) break;
      messages.push({
        program: data.readUInt32BE(4),
        version: data.readUInt32BE(8),
        procedure: data.readInt32BE(12),
        type: data.readUInt32BE(16),
        serial: data.readUInt32BE(20),
        status: data.readUInt32BE(24),
        body: Buffer.from(data.subarray(HEADER_BYTES, length)),
      });
      data = data.subarray(length);
    }
    this.carry = Buffer.from(data);
    return messages;
  }
}
