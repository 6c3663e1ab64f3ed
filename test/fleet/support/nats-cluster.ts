/**
 * Three nats-server processes clustered with JetStream on loopback, each with
 * its own ports and store folder, for the fleet tests and benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface NatsNode {
  name: string;
  /** `nats://127.0.0.1:PORT` */
  url: string;
  clientPort: number;
  clusterPort: number;
  child?: ChildProcess;
  exited?: Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(node: NatsNode, all: NatsNode[], dir: string, extra: string): string {
  const routes = all
    .filter((other) => other !== node)
    .map((other) => `nats://127.0.0.1:${other.clusterPort}`);
  return `server_name: ${node.name}
listen: 127.0.0.1:${node.clientPort}
jetstream { store_dir: "${join(dir, node.name)}", max_memory_store: 64MB, max_file_store: 512MB }
cluster { name: qmon-test, listen: 127.0.0.1:${node.clusterPort}, routes: [${routes.join(', ')}] }
${extra}
`;
}

export class NatsCluster {
  /** Every permissions violation a node logged (a client refused a subject), since the start. */
  readonly violations: string[] = [];

  private constructor(
    readonly dir: string,
    readonly nodes: NatsNode[],
  ) {}

  /** Writes the configs and starts every node; resolves once all of them accept clients. */
  static async start(dir: string, extra = ''): Promise<NatsCluster> {
    const nodes: NatsNode[] = [];
    for (const name of ['n1', 'n2', 'n3']) {
      const clientPort = await freePort();
      nodes.push({
        name,
        clientPort,
        clusterPort: await freePort(),
        url: `nats://127.0.0.1:${clientPort}`,
      });
    }
    const cluster = new NatsCluster(dir, nodes);
    await mkdir(dir, { recursive: true });
    for (const node of nodes)
      await writeFile(join(dir, `${node.name}.conf`), config(node, nodes, dir, extra));
    await Promise.all(nodes.map((node) => cluster.startNode(node)));
    return cluster;
  }

  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /** Starts a node again (after `stop`/`kill`) on its ports and store. */
  async startNode(node: NatsNode): Promise<void> {
    const child = spawn('nats-server', ['-c', join(this.dir, `${node.name}.conf`)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    node.child = child;
    node.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      for (const line of chunk.toString().split('\n'))
        if (/Violation/.test(line)) this.violations.push(`${node.name}: ${line}`);
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nats-server ${node.name} exited: ${log}`);
      if (/Server is ready/.test(log)) return;
      if (Date.now() > deadline) throw new Error(`nats-server ${node.name} not ready: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL (`signal` may say otherwise); resolves once the process is gone. */
  async kill(node: NatsNode, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!node.child || node.child.exitCode !== null) return;
    node.child.kill(signal);
    await node.exited;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.kill(node, 'SIGTERM')));
  }
}
