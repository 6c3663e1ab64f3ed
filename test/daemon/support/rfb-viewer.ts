/**
 * Just enough of an RFB 3.8 client (what noVNC speaks) over a console
 * WebSocket to prove a viewer is in: the handshake with VNC authentication,
 * ClientInit (shared), and framebuffer updates.
 */
import { createCipheriv } from 'node:crypto';
import type { StreamClient } from './stream-client.js';

const VNC_AUTH = 2;

/** VNC authentication: DES of the challenge with the password, each key byte bit-reversed. */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) {
    let byte = key[i]!;
    let reversed = 0;
    for (let bit = 0; bit < 8; bit++) {
      reversed = (reversed << 1) | (byte & 1);
      byte >>= 1;
    }
    key[i] = reversed;
  }
  // Single DES is gone from OpenSSL 3's default provider; two-key EDE with K1 = K2 is DES.
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

export class RfbViewer {
  private cursor = 0;
  width = 0;
  height = 0;

  constructor(readonly stream: StreamClient) {}

  async read(n: number, what: string): Promise<Buffer> {
    await this.stream.until(
      () => (this.stream.binary.length >= this.cursor + n ? true : undefined),
      what,
    );
    const bytes = this.stream.binary.subarray(this.cursor, this.cursor + n);
    this.cursor += n;
    return bytes;
  }

  /** Handshake through ServerInit; throws with the server's reason when refused. */
  async handshake(password: string): Promise<void> {
    const version = (await this.read(12, 'the RFB version')).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not RFB: ${version}`);
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.read(1, 'security types'))[0]!;
    const types = [...(await this.read(count, 'security types'))];
    if (!types.includes(VNC_AUTH)) throw new Error(`no VNC authentication in ${types.join(',')}`);
    this.send(Buffer.from([VNC_AUTH]));
    this.send(vncAuthResponse(password, Buffer.from(await this.read(16, 'the challenge'))));
    if ((await this.read(4, 'the security result')).readUInt32BE(0) !== 0) {
      const length = (await this.read(4, 'the reason')).readUInt32BE(0);
      throw new Error(`refused: ${(await this.read(length, 'the reason')).toString()}`);
    }
    this.send(Buffer.from([1])); // ClientInit: shared
    const init = await this.read(24, 'ServerInit');
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    await this.read(init.readUInt32BE(20), 'the desktop name');
  }

  /** FramebufferUpdateRequest for the whole screen. */
  requestUpdate(incremental = false): void {
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt8(incremental ? 1 : 0, 1);
    request.writeUInt16BE(this.width, 6);
    request.writeUInt16BE(this.height, 8);
    this.send(request);
  }

  /** The next server message's type (0: FramebufferUpdate) and its rectangle count. */
  async nextUpdateHeader(): Promise<{ type: number; rectangles: number }> {
    const header = await this.read(4, 'a server message');
    return { type: header[0]!, rectangles: header.readUInt16BE(2) };
  }

  private send(bytes: Buffer): void {
    this.stream.socket.send(bytes);
  }
}
