import type { Socket } from 'node:net';
import { Fifo } from '../session/fifo.js';
import type { CommandBackend, ReplySlot } from './backend.js';
import {
  ClientConnection,
  type ClientHooks,
  type ClientLimits,
  type ListenerInfo,
} from './client-connection.js';
import { CommandFramer } from './command-framer.js';
import { negotiate } from './negotiation.js';
import { refuseQmp } from './policy.js';
import { parseRequest } from './qmp-request.js';
import { errorReply, returnReply } from './replies.js';

/** QEMU's own size-limit wording; the mux's limit is usually lower than QEMU's 64 MiB. */
const TOO_LARGE = 'JSON token size limit exceeded';

/**
 * One QMP client: QEMU's greeting, its own capability negotiation, QEMU's
 * errors for bad input, policy, and replies in the order QEMU would give them
 * (in-band replies in command order; `exec-oob` replies as soon as they come).
 */
export class QmpDownstream extends ClientConnection {
  private readonly framer: CommandFramer;
  /** In-band commands in the client's order, head first, until their reply is written. */
  private readonly inBand = new Fifo<ReplySlot>();
  private readonly outOfBand = new Set<ReplySlot>();
  private negotiated = false;
  private oob = false;

  constructor(
    socket: Socket,
    id: string,
    listener: ListenerInfo,
    limits: ClientLimits,
    hooks: ClientHooks,
    private readonly backend: CommandBackend,
    /** Capabilities the greeting offers. */
    private readonly capabilities: readonly string[],
  ) {
    super(socket, id, listener, limits, hooks);
    this.framer = new CommandFramer({
      maxLength: limits.maxCommandLength,
      onMessage: (text, singleQuotes) => this.message(text, singleQuotes),
      onError: (desc) => {
        this.stats.commands++;
        this.resolve(
          this.slot(undefined, '', false),
          errorReply(undefined, 'GenericError', desc),
          true,
        );
      },
      onTooLarge: () => this.tooLarge(),
    });
  }

  /** Sends QEMU's greeting and starts reading commands. */
  start(greetingText: string): void {
    this.logTraffic('<--', greetingText);
    this.write(`${greetingText}\r\n`);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.framer.push(chunk);
      this.updateFlow();
    });
  }

  resolve(slot: ReplySlot, text: string, isError: boolean): void {
    if (slot.text !== undefined || this.isGone) return;
    slot.text = text;
    if (isError) this.stats.errors++;
    if (slot.oob) {
      this.outOfBand.delete(slot);
      this.emit(text);
    } else {
      for (let head = this.inBand.peek(); head?.text !== undefined; head = this.inBand.peek()) {
        this.inBand.shift();
        this.emit(head.text);
      }
    }
    this.updateFlow();
    this.finishIfDone();
  }

  sendEvent(text: string): void {
    if (!this.negotiated || this.isGone) return;
    this.stats.events++;
    this.emit(text);
  }

  abort(desc: string, farewell: string): void {
    if (this.isGone) return;
    for (const slot of [...this.inBand.drain(), ...this.outOfBand]) {
      if (slot.text === undefined) {
        slot.text = errorReply(slot.idText, 'GenericError', desc);
        this.stats.errors++;
      }
      this.emit(slot.text);
    }
    this.outOfBand.clear();
    this.sendEvent(farewell);
    this.framer.stop();
    this.end(desc);
  }

  protected pendingCount(): number {
    return this.inBand.length + this.outOfBand.size;
  }

  protected dropPending(): void {
    this.inBand.drain();
    this.outOfBand.clear();
    this.framer.stop();
  }

  private message(text: string, singleQuotes: boolean): void {
    this.stats.commands++;
    this.logTraffic('-->', text.includes('\n') ? text.replace(/[\r\n]+/g, ' ') : text);
    const parsed = parseRequest(text, singleQuotes, this.oob);
    if (!parsed.ok) {
      const { desc, idText, outOfBand } = parsed.problem;
      // Without OOB QEMU reads one command at a time, so even these errors come in order.
      this.resolve(
        this.slot(idText, '', outOfBand && this.oob),
        errorReply(idText, 'GenericError', desc),
        true,
      );
      return;
    }
    const request = parsed.request;
    const slot = this.slot(request.idText, request.command, request.oob);
    if (request.command === 'qmp_capabilities') {
      const result = negotiate(request.args, this.capabilities, this.negotiated);
      if (result.ok) {
        this.negotiated = true;
        this.oob = result.oob;
        this.stats.negotiated = true;
        this.stats.oob = result.oob;
        this.resolve(slot, returnReply(slot.idText, '{}'), false);
        this.backend.negotiated?.(this);
      } else this.resolve(slot, errorReply(slot.idText, result.errorClass, result.desc), true);
      return;
    }
    if (!this.negotiated) {
      const desc = "Expecting capabilities negotiation with 'qmp_capabilities'";
      this.resolve(slot, errorReply(slot.idText, 'CommandNotFound', desc), true);
      return;
    }
    const refused = refuseQmp(this.listener.policy, request.command, request.args);
    if (refused) {
      const subject =
        request.command === 'human-monitor-command' && refused.command !== request.command
          ? `The HMP command ${refused.command}`
          : `The command ${refused.command}`;
      const desc = `${subject} is not allowed on this qmon mux listener (policy: ${refused.reason})`;
      this.resolve(slot, errorReply(slot.idText, 'GenericError', desc), true);
      return;
    }
    this.backend.submit(this, request, slot);
  }

  /** A new slot, queued in the client's order unless out of band. */
  private slot(idText: string | undefined, command: string, oob: boolean): ReplySlot {
    const slot: ReplySlot = { idText, command, oob, text: undefined };
    if (oob) this.outOfBand.add(slot);
    else this.inBand.push(slot);
    return slot;
  }

  private emit(text: string): void {
    this.logTraffic('<--', text.includes('\n') ? text.replace(/[\r\n]+/g, ' ') : text);
    this.write(`${text}\r\n`);
  }

  /** A command over the size cap: QEMU's error, then the connection closes; only this client is affected. */
  private tooLarge(): void {
    this.stats.errors++;
    const text = errorReply(undefined, 'GenericError', TOO_LARGE);
    this.logTraffic('<--', text);
    this.cutOff(`${text}\r\n`, `a command longer than ${this.limits.maxCommandLength} characters`);
  }
}
