/**
 * QMP over libvirt: a Duplex that speaks QMP to a QmpClient (a greeting, the
 * capabilities negotiation answered here) and runs each command through
 * QEMU_DOMAIN_MONITOR_COMMAND. libvirt labels commands `libvirt-N`; replies
 * get the client's own id back. QMP events come from the monitor event
 * subscription, with QEMU's timestamps. When the domain stops, the stream ends
 * as QEMU's socket would.
 */
import { parseJson, stringifyJson } from '../wire/index.js';
import { LibvirtError } from './errors.js';
import { JsonChannelStream, type JsonRequest, RawJson, withId } from './json-channel-stream.js';
import type { LibvirtConnection, LibvirtDomain } from './libvirt-connection.js';

/** libvirt errors that mean the domain is gone (no domain, not running): the monitor is gone too. */
const DOMAIN_GONE = new Set([42, 55]);
/** VIR_DOMAIN_EVENT_STOPPED */
const EVENT_STOPPED = 5;

export interface LibvirtChannelOptions {
  /** Close the connection with the stream. */
  ownsConnection?: boolean;
  /** Milliseconds for the setup calls. */
  timeout?: number;
  signal?: AbortSignal;
}

/** The `"id":"libvirt-N"` libvirt puts last in QEMU's reply. */
const LIBVIRT_ID = /,\s*"id"\s*:\s*"libvirt-\d+"\s*\}\s*$/;

/**
 * QEMU's reply text with libvirt's id replaced by the client's (or none), as
 * raw JSON text: the reply is passed on without being parsed here.
 */
export function replyWithClientId(
  text: string,
  request: JsonRequest,
): RawJson | Record<string, unknown> {
  const match = LIBVIRT_ID.exec(text);
  if (!match) {
    const reply = parseJson(text) as Record<string, unknown>;
    delete reply.id;
    return withId(reply, request);
  }
  const id = request.id === undefined ? '' : `,"id":${stringifyJson(request.id)}`;
  return new RawJson(`${text.slice(0, match.index)}${id}}`);
}

export class LibvirtQmpStream extends JsonChannelStream {
  private readonly unsubscribe: (() => Promise<void>)[] = [];
  /** Events that came before the greeting went out: a client expects the greeting first. */
  private early: Record<string, unknown>[] | undefined = [];

  private constructor(
    private readonly connection: LibvirtConnection,
    readonly domain: LibvirtDomain,
    private readonly ownsConnection: boolean,
  ) {
    super(connection.closed);
  }

  /** Subscribes to the domain's events and lifecycle, then greets like QEMU, with its version. */
  static async open(
    connection: LibvirtConnection,
    domain: LibvirtDomain,
    options: LibvirtChannelOptions = {},
  ): Promise<LibvirtQmpStream> {
    const stream = new LibvirtQmpStream(connection, domain, options.ownsConnection ?? false);
    const call = {
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      stream.unsubscribe.push(
        await connection.onLifecycle(
          domain,
          (event) => {
            if (event.event === EVENT_STOPPED) stream.finish();
          },
          call,
        ),
        await connection.onMonitorEvents(domain, (event) => stream.sendEvent(event), call),
      );
      const version = parseJson(
        await connection.monitorCommand(domain, '{"execute":"query-version"}', call),
      ) as { return?: unknown };
      stream.send({ QMP: { version: version.return ?? {}, capabilities: [] } });
      for (const event of stream.early ?? []) stream.send(event);
      stream.early = undefined;
    } catch (error) {
      stream.destroy();
      throw error;
    }
    return stream;
  }

  private sendEvent(event: {
    event: string;
    details: string | null;
    seconds: bigint;
    micros: number;
  }): void {
    const message: Record<string, unknown> = { event: event.event };
    if (event.details !== null) message.data = parseJson(event.details);
    message.timestamp = { seconds: Number(event.seconds), microseconds: event.micros };
    if (this.early) this.early.push(message);
    else this.send(message);
  }

  /** QMP's query commands only read: several may wait in libvirt at once (it still runs one at a time). */
  protected override mayOverlap(request: JsonRequest): boolean {
    return typeof request.execute === 'string' && request.execute.startsWith('query-');
  }

  protected async handle(request: JsonRequest): Promise<unknown> {
    if (request.execute === 'qmp_capabilities') return withId({ return: {} }, request);
    if (request['exec-oob'] !== undefined)
      return withId(
        {
          error: {
            class: 'GenericError',
            desc: 'out-of-band execution is not available through libvirt',
          },
        },
        request,
      );
    const command: Record<string, unknown> = { execute: request.execute };
    if (request.arguments !== undefined) command.arguments = request.arguments;
    let text: string;
    try {
      // QmpClient bounds each command itself; this only frees the call if nobody waits any more.
      text = await this.connection.monitorCommand(this.domain, stringifyJson(command)!, {
        signal: this.lifetime.signal,
        timeout: 3_600_000,
      });
    } catch (error) {
      if (error instanceof LibvirtError && !DOMAIN_GONE.has(error.errorCode))
        return withId(
          { error: { class: 'GenericError', desc: `libvirt: ${error.libvirtMessage}` } },
          request,
        );
      throw error;
    }
    return replyWithClientId(text, request);
  }

  protected async release(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
    else await Promise.allSettled(this.unsubscribe.map((off) => off()));
  }
}
