/**
 * The domains of one libvirt connection as VMs of the daemon: listed beside
 * its own, driven through libvirt (never around it: libvirtd holds their
 * monitors), their lifecycle and QMP events stored and published like those
 * of the daemon's VMs. The connection is kept open and, when libvirtd goes
 * away, retried with backoff; meanwhile its domains are listed as
 * `unreachable` and every call on them fails with a clear error.
 */
import { Backoff } from '../../backoff.js';
import { LibvirtError } from '../../libvirt/errors.js';
import { LibvirtConnection, type LibvirtDomain } from '../../libvirt/libvirt-connection.js';
import { QapiCommandError } from '../../session/errors.js';
import { ConflictError } from '../errors.js';

export interface LibvirtDomainEntry {
  /** The domain's UUID. */
  id: string;
  name: string;
  /** The libvirt URI it comes from. */
  source: string;
  state: string;
  dom: LibvirtDomain;
}

export type LibvirtAction = 'start' | 'stop' | 'kill' | 'pause' | 'resume' | 'reset';

export interface LibvirtSourceOptions {
  /** A lifecycle change (`STATE`) or a QMP event of a domain; `qemuTime` for QMP events. */
  onEvent(vmId: string, name: string, data: unknown, qemuTime?: string): void;
  log(message: string): void;
  /** How long `stop` waits for the guest to power off before destroying it (60 s). */
  shutdownTimeoutMs?: number;
}

/** libvirt's `virDomainEventType`, in order. */
const LIFECYCLE = [
  'defined',
  'undefined',
  'started',
  'suspended',
  'resumed',
  'stopped',
  'shutdown',
  'pmsuspended',
  'crashed',
] as const;

const CALL = { timeout: 30_000 };

export function uuidOf(dom: LibvirtDomain): string {
  const hex = Buffer.from(dom.uuid).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class LibvirtSource {
  private connection: LibvirtConnection | undefined;
  private readonly domains = new Map<string, LibvirtDomainEntry>();
  private closed = false;
  private readonly backoff = new Backoff(500, 30_000, true);
  private retry: NodeJS.Timeout | undefined;

  constructor(
    readonly uri: string,
    private readonly options: LibvirtSourceOptions,
  ) {}

  /** Connects; when libvirtd is not there yet, keeps trying in the background. */
  async open(): Promise<void> {
    await this.connect().catch((error: unknown) => this.lost(error));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connection?.close().catch(() => {});
  }

  get connected(): boolean {
    return this.connection !== undefined && !this.connection.rpc.isClosed;
  }

  list(): LibvirtDomainEntry[] {
    const unreachable = !this.connected;
    return [...this.domains.values()].map((entry) =>
      unreachable ? { ...entry, state: 'unreachable' } : entry,
    );
  }

  /** A domain by UUID, name, or `libvirt:NAME`. */
  find(idOrName: string): LibvirtDomainEntry | undefined {
    const name = idOrName.startsWith('libvirt:') ? idOrName.slice('libvirt:'.length) : idOrName;
    return (
      this.domains.get(idOrName.toLowerCase()) ??
      [...this.domains.values()].find((entry) => entry.name === name)
    );
  }

  async action(entry: LibvirtDomainEntry, action: LibvirtAction): Promise<void> {
    const { rpc } = this.live();
    const dom = entry.dom;
    switch (action) {
      case 'start':
        await rpc.call('DOMAIN_CREATE', { dom }, CALL);
        break;
      case 'stop':
        await this.shutdown(dom);
        break;
      case 'kill':
        await rpc.call('DOMAIN_DESTROY', { dom }, CALL);
        break;
      case 'pause':
        await rpc.call('DOMAIN_SUSPEND', { dom }, CALL);
        break;
      case 'resume':
        await rpc.call('DOMAIN_RESUME', { dom }, CALL);
        break;
      case 'reset':
        await rpc.call('DOMAIN_RESET', { dom, flags: 0 }, CALL);
        break;
    }
    await this.refresh();
  }

  /** A QMP command through libvirt; QEMU's error becomes a QapiCommandError, as from QEMU itself. */
  async qmp(entry: LibvirtDomainEntry, execute: string, args?: unknown): Promise<unknown> {
    const command = JSON.stringify(args === undefined ? { execute } : { execute, arguments: args });
    const reply = JSON.parse(await this.live().monitorCommand(entry.dom, command, CALL)) as {
      return?: unknown;
      error?: { class: string; desc: string };
    };
    if (reply.error) throw new QapiCommandError(reply.error.class, reply.error.desc, execute, args);
    return reply.return;
  }

  hmp(entry: LibvirtDomainEntry, line: string): Promise<string> {
    return this.live().monitorCommand(entry.dom, line, { ...CALL, hmp: true });
  }

  /** A guest agent command through libvirt, waiting at most `timeoutMs`. */
  async agent(
    entry: LibvirtDomainEntry,
    execute: string,
    args: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    const command = JSON.stringify(args === undefined ? { execute } : { execute, arguments: args });
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const text = await this.live().agentCommand(entry.dom, command, {
      agentTimeout: seconds,
      timeout: timeoutMs + 5_000,
    });
    return text === null ? null : (JSON.parse(text) as { return?: unknown }).return;
  }

  private live(): LibvirtConnection {
    if (!this.connected || !this.connection)
      throw new ConflictError(`libvirt at ${this.uri} is not reachable now; qmon keeps retrying`);
    return this.connection;
  }

  /** ACPI power-off, then destroy if the guest has not stopped within the timeout. */
  private async shutdown(dom: LibvirtDomain): Promise<void> {
    const connection = this.live();
    await connection.rpc.call('DOMAIN_SHUTDOWN', { dom }, CALL);
    const deadline = Date.now() + (this.options.shutdownTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      const state = await connection.domainState(dom, CALL).catch((error: unknown) => {
        // A transient domain is gone once it stops.
        if (error instanceof LibvirtError && error.errorName === 'VIR_ERR_NO_DOMAIN')
          return { state: 'shutoff' };
        throw error;
      });
      if (state.state === 'shutoff') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await connection.rpc.call('DOMAIN_DESTROY', { dom }, CALL);
  }

  private async connect(): Promise<void> {
    const connection = await LibvirtConnection.connect({
      uri: this.uri,
      callTimeout: CALL.timeout,
    });
    if (this.closed) {
      await connection.close();
      return;
    }
    this.connection = connection;
    void connection.rpc.closed.then((reason) => {
      if (this.connection === connection) this.lost(reason);
    });
    await connection.onLifecycle(null, (event) => {
      const state = LIFECYCLE[event.event] ?? `event-${event.event}`;
      this.options.onEvent(uuidOf(event.dom), 'STATE', { state, source: this.uri });
      void this.refresh().catch(() => {});
    });
    await connection.onMonitorEvents(null, (event) => {
      const time = `${event.seconds}.${String(event.micros).padStart(6, '0')}`;
      const data = event.details === null ? undefined : JSON.parse(event.details);
      this.options.onEvent(uuidOf(event.dom), event.event, data, time);
    });
    await this.refresh();
    this.backoff.reset();
    this.options.log(`libvirt ${this.uri}: ${this.domains.size} domain(s)`);
  }

  private async refresh(): Promise<void> {
    const connection = this.live();
    const seen = new Set<string>();
    for (const dom of await connection.listDomains(0, CALL)) {
      const id = uuidOf(dom);
      seen.add(id);
      const { state } = await connection.domainState(dom, CALL).catch(() => ({ state: 'gone' }));
      this.domains.set(id, { id, name: dom.name, source: this.uri, state, dom });
    }
    for (const id of this.domains.keys()) if (!seen.has(id)) this.domains.delete(id);
  }

  private lost(error: unknown): void {
    if (this.closed) return;
    this.connection = undefined;
    const delay = Math.round(this.backoff.next());
    this.options.log(
      `libvirt ${this.uri}: ${error instanceof Error ? error.message : 'connection closed'}; retrying in ${delay} ms`,
    );
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      void this.connect().catch((next: unknown) => this.lost(next));
    }, delay);
    this.retry.unref();
  }
}
