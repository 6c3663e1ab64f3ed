import type { Socket } from 'node:net';
import type { TrafficDirection } from '../session/traffic-log.js';
import type { ClientSession, ReplySlot } from './backend.js';
import type { ListenerPolicy } from './policy.js';

const CUT_OFF_GRACE_MS = 1_000;

/** Bounds that keep one client from costing the others time or memory. */
export interface ClientLimits {
  /** Longest QMP command a client may send, in characters; longer cuts it off. (HMP lines have QEMU's own cap, 4095 bytes.) */
  maxCommandLength: number;
  /** Bytes waiting to be written to a client before it is disconnected as not reading. */
  maxOutputBytes: number;
  /** Bytes waiting to be written to a client before its input stops being read. */
  pauseOutputBytes: number;
  /** Commands of one client waiting for replies before its input stops being read. */
  maxPendingCommands: number;
}

/** What a client connection knows of the listener that accepted it. */
export interface ListenerInfo {
  name: string;
  protocol: 'qmp' | 'hmp';
  policy: ListenerPolicy;
}

/** Counters for one client, as `x-qmon-mux-stats` reports them. */
export interface ClientStats {
  id: string;
  listener: string;
  protocol: 'qmp' | 'hmp';
  /** `tcp:HOST:PORT` of the peer, or `unix`. */
  peer: string;
  connectedAt: string;
  /** QMP: `qmp_capabilities` done. HMP: always true. */
  negotiated: boolean;
  oob: boolean;
  /** Commands (HMP: lines) received, refused ones included. */
  commands: number;
  /** Error replies sent, parse errors included. */
  errors: number;
  events: number;
  /** Commands waiting for their reply now. */
  pending: number;
  /** Bytes waiting in its output queue now, and the most there ever were. */
  queueBytes: number;
  queueHighWater: number;
}

/** Where a client connection reports to: logging, traffic, its end. */
export interface ClientHooks {
  log(message: string): void;
  traffic: ((client: string, direction: TrafficDirection, text: string) => void) | undefined;
  gone(client: ClientConnection, reason: string): void;
}

/**
 * One accepted socket: bounded output, batched per tick; reading paused while the client
 * has too much outstanding; cut off when its output queue overflows.
 */
export abstract class ClientConnection implements ClientSession {
  readonly stats: ClientStats;
  /** Text written in this tick, sent as one write when the tick ends. */
  private batch = '';
  private paused = false;
  private inputEnded = false;
  private goneReason: string | undefined;
  private closeReason: string | undefined;

  constructor(
    readonly socket: Socket,
    readonly id: string,
    readonly listener: ListenerInfo,
    protected readonly limits: ClientLimits,
    protected readonly hooks: ClientHooks,
  ) {
    this.stats = {
      id,
      listener: listener.name,
      protocol: listener.protocol,
      peer: socket.remoteAddress ? `tcp:${socket.remoteAddress}:${socket.remotePort}` : 'unix',
      connectedAt: new Date().toISOString(),
      negotiated: listener.protocol === 'hmp',
      oob: false,
      commands: 0,
      errors: 0,
      events: 0,
      pending: 0,
      queueBytes: 0,
      queueHighWater: 0,
    };
    socket.on('error', (error: Error) => {
      this.closeReason ??= error.message;
    });
    // Listeners allow half-open sockets: `printf ... | socat - UNIX:...` ends its side
    // after the last command, and still gets the replies before the mux closes.
    socket.on('end', () => {
      this.inputEnded = true;
      this.closeReason ??= 'the client closed the connection';
      this.finishIfDone();
    });
    socket.on('drain', () => this.updateFlow());
    socket.on('close', () => this.gone(this.closeReason ?? 'the connection closed'));
  }

  get isGone(): boolean {
    return this.goneReason !== undefined;
  }

  /** Current counters. */
  snapshot(): ClientStats {
    this.stats.pending = this.pendingCount();
    this.stats.queueBytes = this.queuedBytes;
    return { ...this.stats };
  }

  /** Closes the connection at once, logging why. */
  disconnect(reason: string): void {
    if (this.isGone) return;
    this.closeReason ??= reason;
    this.hooks.log(`client ${this.id} (${this.listener.name}) disconnected: ${reason}`);
    this.socket.destroy();
    this.gone(reason);
  }

  /** Closes the connection once what was written has left. */
  end(reason: string): void {
    this.closeReason ??= reason;
    this.flush();
    this.socket.end();
  }

  /**
   * Cuts off a client that broke a limit: `finalText` is written, the connection
   * ends, and input is read into the void for a moment so a client still writing
   * gets the message before the socket goes.
   */
  protected cutOff(finalText: string, why: string): void {
    this.hooks.log(`client ${this.id} (${this.listener.name}) cut off: ${why}`);
    this.dropPending();
    this.write(finalText);
    this.end(why);
    this.socket.resume();
    setTimeout(() => this.socket.destroy(), CUT_OFF_GRACE_MS).unref();
  }

  abstract resolve(slot: ReplySlot, text: string, isError: boolean): void;
  abstract sendEvent(text: string): void;
  abstract abort(desc: string, farewell: string): void;

  /** Commands waiting for replies. */
  protected abstract pendingCount(): number;

  /** Ends the connection once the client has stopped writing and every reply is out. */
  protected finishIfDone(): void {
    if (this.inputEnded && this.pendingCount() === 0 && !this.socket.writableEnded)
      this.end('done');
  }

  protected abstract dropPending(): void;

  protected write(text: string): void {
    if (this.isGone || this.socket.destroyed || this.socket.writableEnded) return;
    // One string write per tick: cheaper than cork/uncork and one system call.
    if (this.batch === '') process.nextTick(() => this.flush());
    this.batch += text;
    const queued = this.queuedBytes;
    if (queued > this.stats.queueHighWater) this.stats.queueHighWater = queued;
    if (queued > this.limits.maxOutputBytes) {
      this.disconnect(
        `output queue over ${this.limits.maxOutputBytes} bytes (the client is not reading)`,
      );
    } else if (queued > this.limits.pauseOutputBytes) this.updateFlow();
  }

  /** Bytes (about: characters of this tick's batch) waiting to reach the client. */
  private get queuedBytes(): number {
    return this.socket.writableLength + this.batch.length;
  }

  private flush(): void {
    const text = this.batch;
    this.batch = '';
    if (!this.socket.destroyed && !this.socket.writableEnded) this.socket.write(text);
  }

  protected logTraffic(direction: TrafficDirection, text: string): void {
    this.hooks.traffic?.(this.id, direction, text);
  }

  /** Reads input only while the client has little outstanding. */
  protected updateFlow(): void {
    if (this.isGone) return;
    const busy =
      this.pendingCount() >= this.limits.maxPendingCommands ||
      this.queuedBytes > this.limits.pauseOutputBytes;
    if (busy && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!busy && this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private gone(reason: string): void {
    if (this.goneReason !== undefined) return;
    this.goneReason = reason;
    this.dropPending();
    this.hooks.gone(this, reason);
  }
}
