/**
 * A bare HTTP/1.1 keep-alive client for the daemon benchmark: one request at
 * a time per connection, fixed request bytes, replies read by Content-Length.
 * The API clients must cost the benchmark's shared 2 cores about what the
 * bare direct QMP client it is compared with costs, not node:http's several
 * times more.
 */
import net from 'node:net';

export class RawHttp {
  private buffered = '';
  private waiter: (() => void) | undefined;

  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      this.buffered += text;
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static async open(url: URL): Promise<RawHttp> {
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.setNoDelay(true);
    return new RawHttp(socket);
  }

  /** Sends `request` (a whole HTTP request) and resolves with the reply's body; a status other than 200 throws. */
  async exchange(request: string): Promise<string> {
    this.socket.write(request, 'latin1');
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const head = this.buffered.slice(0, headEnd);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
        if (Number.isNaN(length)) throw new Error(`no Content-Length in ${head}`);
        const end = headEnd + 4 + length;
        if (this.buffered.length >= end) {
          const body = this.buffered.slice(headEnd + 4, end);
          this.buffered = this.buffered.slice(end);
          if (!head.startsWith('HTTP/1.1 200'))
            throw new Error(`${head.split('\r\n')[0]}: ${body}`);
          return body;
        }
      }
      if (this.closed) throw new Error('the daemon closed the connection');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = undefined;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A POST with a JSON body and a bearer token, as bytes to send. */
export function postRequest(url: URL, token: string, body: string): string {
  return [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    `Authorization: Bearer ${token}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}
