import { Duplex } from 'node:stream';
import { MessageStatus } from './rpc-message.js';

/** libvirt caps a stream message's data; larger writes are split. */
const MAX_CHUNK = 256 * 1024;

/**
 * A libvirt stream (console, screenshot) as a Duplex: data libvirt sends comes
 * out of it, data written goes to libvirt; ending it tells libvirt the stream
 * is finished.
 */
export class LibvirtStream extends Duplex {
  constructor(
    readonly procedure: string,
    private readonly send: (status: number, body?: Uint8Array) => void,
  ) {
    super();
  }

  /** @internal Data libvirt sent. */
  receive(body: Buffer): void {
    this.push(body);
  }

  /** @internal libvirt finished the stream. */
  receiveEnd(): void {
    if (!this.readableEnded) this.push(null);
  }

  override _read(): void {}

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    for (let offset = 0; offset < chunk.length; offset += MAX_CHUNK)
      this.send(MessageStatus.CONTINUE, chunk.subarray(offset, offset + MAX_CHUNK));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.send(MessageStatus.OK);
    callback();
  }
}
