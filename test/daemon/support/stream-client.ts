/** A WebSocket test client that keeps what it receives and waits for it, with bounded waits. */
import WebSocket from 'ws';

export class StreamClient {
  /** Every binary frame, joined. */
  binary = Buffer.alloc(0);
  /** Every text frame, parsed. */
  readonly texts: Record<string, unknown>[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.binary = Buffer.concat([this.binary, data]);
      else this.texts.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Opens `url`; resolves once open, or rejects with the HTTP status of a refused upgrade. */
  static open(
    url: string,
    headers: Record<string, string> = {},
    protocols: string[] = [],
  ): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { headers });
      const client = new StreamClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) =>
        reject(new RefusedUpgrade(response.statusCode ?? 0)),
      );
      socket.once('error', reject);
    });
  }

  /** Waits until `check` returns something other than undefined. */
  async until<T>(check: () => T | undefined, what: string, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 500));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Waits for a text frame matching `match`. */
  text(match: (frame: Record<string, unknown>) => boolean, what: string, ms?: number) {
    return this.until(() => this.texts.find(match), what, ms);
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }
}

export class RefusedUpgrade extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}
