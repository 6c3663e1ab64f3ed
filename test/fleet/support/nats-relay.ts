/**
 * A TCP relay in front of the NATS cluster for one daemon, which the test can
 * sever: the daemon is then cut off from NATS while it keeps running. Each
 * connection goes to the first server that accepts it. The servers' INFO
 * lists the cluster's other client URLs (`connect_urls`), which a client
 * would add to its pool and reach around the relay: the relay drops them.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class NatsRelay {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private port = 0;

  private constructor(private readonly upstream: string[]) {}

  static async start(upstream: string[]): Promise<NatsRelay> {
    const relay = new NatsRelay(upstream);
    await relay.listen();
    return relay;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Closes every relayed connection and refuses new ones, until `restore`. */
  async sever(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  }

  /** Accepts connections again, on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => void this.relay(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private async relay(client: Socket): Promise<void> {
    this.sockets.add(client);
    client.on('error', () => {});
    client.once('close', () => this.sockets.delete(client));
    for (const url of this.upstream) {
      const { hostname, port } = new URL(url);
      const server = await new Promise<Socket | undefined>((resolve) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
        socket.once('error', () => resolve(undefined));
      });
      if (!server) continue;
      if (client.destroyed) return void server.destroy();
      this.sockets.add(server);
      server.on('error', () => {});
      const filter = new InfoFilter();
      server.on('data', (chunk: Buffer) => client.write(filter.push(chunk)));
      client.on('data', (chunk: Buffer) => server.write(chunk));
      server.once('close', () => client.destroy());
      client.once('close', () => server.destroy());
      return;
    }
    client.destroy();
  }
}

/** Passes the server's protocol through, minus `connect_urls` in every INFO. */
class InfoFilter {
  private pending = Buffer.alloc(0);
  /** Payload bytes (with their CRLF) still to pass through untouched. */
  private payload = 0;

  push(chunk: Buffer): Buffer {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (this.payload > 0) {
        const take = Math.min(this.payload, this.pending.length);
        if (take === 0) break;
        out.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.payload -= take;
        continue;
      }
      const end = this.pending.indexOf('\r\n');
      if (end < 0) break;
      const line = this.pending.subarray(0, end).toString();
      this.pending = this.pending.subarray(end + 2);
      const [op, ...args] = line.split(' ');
      if (op?.toUpperCase() === 'INFO') {
        const info = JSON.parse(args.join(' ')) as Record<string, unknown>;
        delete info.connect_urls;
        delete info.ws_connect_urls;
        out.push(Buffer.from(`INFO ${JSON.stringify(info)}\r\n`));
        continue;
      }
      if (op?.toUpperCase() === 'MSG' || op?.toUpperCase() === 'HMSG')
        this.payload = Number(args.at(-1)) + 2;
      out.push(Buffer.from(`${line}\r\n`));
    }
    return Buffer.concat(out);
  }
}
