/**
 * The guest agent over libvirt: a Duplex that speaks QGA to a QgaClient.
 * libvirt synchronises with the agent itself, so `guest-sync-delimited` is
 * answered here (after a `guest-ping` through libvirt proves the agent
 * answers; an agent that does not gets no sync reply, as on a socket); every
 * other command goes through QEMU_DOMAIN_AGENT_COMMAND.
 */
import { parseJson, RESET_BYTE, stringifyJson } from '../wire/index.js';
import { LibvirtError } from './errors.js';
import { JsonChannelStream, type JsonRequest, withId } from './json-channel-stream.js';
import type { LibvirtConnection, LibvirtDomain } from './libvirt-connection.js';
import type { LibvirtChannelOptions } from './qmp-stream.js';

/** Seconds libvirt waits for an agent reply: bounded, so a silent agent does not hold the domain's agent job forever. */
const DEFAULT_AGENT_TIMEOUT_S = 60;
/** VIR_ERR_AGENT_UNRESPONSIVE */
const AGENT_UNRESPONSIVE = 86;
/** How libvirt words an error reply of the agent: `unable to execute QEMU agent command 'X': DESC`. */
const AGENT_ERROR = /unable to execute QEMU agent command '[^']*': (.*)$/s;

export class LibvirtQgaStream extends JsonChannelStream {
  private constructor(
    private readonly connection: LibvirtConnection,
    readonly domain: LibvirtDomain,
    private readonly ownsConnection: boolean,
    /** Seconds libvirt waits for the agent per command (libvirt's `timeout`). */
    private readonly agentTimeout: number,
  ) {
    super(connection.closed);
  }

  static open(
    connection: LibvirtConnection,
    domain: LibvirtDomain,
    options: LibvirtChannelOptions & { agentTimeout?: number } = {},
  ): LibvirtQgaStream {
    return new LibvirtQgaStream(
      connection,
      domain,
      options.ownsConnection ?? false,
      options.agentTimeout ?? DEFAULT_AGENT_TIMEOUT_S,
    );
  }

  protected async handle(request: JsonRequest): Promise<unknown> {
    if (request.execute === 'guest-sync-delimited' || request.execute === 'guest-sync') {
      try {
        await this.run({ execute: 'guest-ping' });
      } catch (error) {
        if (error instanceof LibvirtError && error.errorCode === AGENT_UNRESPONSIVE)
          return undefined;
        throw error;
      }
      const reply = withId(
        { return: (request.arguments as { id?: unknown } | undefined)?.id },
        request,
      );
      if (request.execute === 'guest-sync-delimited') this.send(reply, RESET_BYTE);
      else this.send(reply);
      return undefined;
    }
    const command: Record<string, unknown> = { execute: request.execute };
    if (request.arguments !== undefined) command.arguments = request.arguments;
    try {
      const text = await this.run(command);
      // A command that does not answer (guest-shutdown) yields no text.
      if (text === null) return undefined;
      const reply = parseJson(text) as Record<string, unknown>;
      delete reply.id;
      return withId(reply, request);
    } catch (error) {
      if (!(error instanceof LibvirtError)) throw error;
      const desc = AGENT_ERROR.exec(error.libvirtMessage)?.[1] ?? error.libvirtMessage;
      const errorClass =
        error.errorCode === AGENT_UNRESPONSIVE
          ? 'AgentUnresponsive'
          : / has not been found/.test(desc)
            ? 'CommandNotFound'
            : 'GenericError';
      return withId({ error: { class: errorClass, desc } }, request);
    }
  }

  private run(command: unknown): Promise<string | null> {
    return this.connection.agentCommand(this.domain, stringifyJson(command)!, {
      agentTimeout: this.agentTimeout,
      signal: this.lifetime.signal,
      timeout: 3_600_000,
    });
  }

  protected async release(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }
}
