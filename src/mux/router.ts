import { QEMU_IN_BAND_WINDOW } from '../qmp/in-band-limiter.js';
import { Fifo } from '../session/fifo.js';
import type { ClientSession, CommandBackend, ReplySlot } from './backend.js';
import { compactJson } from './json-text.js';
import type { QmpRequest } from './qmp-request.js';
import { errorReply } from './replies.js';
import { RoundRobin } from './round-robin.js';
import type { Upstream } from './upstream.js';
import { rewriteReplyId, type UpstreamMessage } from './upstream-message.js';

/**
 * In-band commands the mux keeps in QEMU at once: more would make QEMU stop
 * reading, and `exec-oob` commands would wait behind them. 7 is still plenty
 * to keep it busy.
 */
const IN_BAND_WINDOW = QEMU_IN_BAND_WINDOW;

interface Job {
  client: ClientSession;
  slot: ReplySlot;
  request: QmpRequest;
}

export interface RouterStats {
  /** Commands sent to QEMU. */
  commands: number;
  events: number;
  inFlight: number;
  /** In-band commands waiting for room in QEMU's queue. */
  queued: number;
  /** Replies whose client had gone. */
  discardedReplies: number;
  /** Messages from QEMU the mux could not place. */
  unmatchedReplies: number;
}

/**
 * Sends clients' commands to QEMU, taking waiting in-band commands from the
 * clients in turn, and routes each reply back under the client's own id:
 * in-band replies by their order, `exec-oob` replies by the mux's id. Events
 * go to every client as QEMU wrote them.
 */
export class UpstreamRouter implements CommandBackend {
  /** Clients that receive events. */
  readonly clients = new Set<ClientSession>();
  /** Commands answered by the mux itself (e.g. `x-qmon-mux-stats`); returns true when handled. */
  localCommand: (client: ClientSession, request: QmpRequest, slot: ReplySlot) => boolean = () =>
    false;
  log: (message: string) => void = () => {};
  /** Sees every event QEMU sends, as QEMU wrote it, before any client does. */
  onEvent: (text: string) => void = () => {};

  private upstream: Upstream | undefined;
  /** In-band commands sent, oldest first: QEMU answers them in this order. */
  private readonly inBand = new Fifo<Job>();
  /** `exec-oob` commands sent, by the mux's id. */
  private readonly outOfBand = new Map<number, Job>();
  private readonly waiting = new RoundRobin<ClientSession, Job>();
  private nextId = 1;
  private readonly counters = { commands: 0, events: 0, discardedReplies: 0, unmatchedReplies: 0 };

  get stats(): RouterStats {
    return {
      ...this.counters,
      inFlight: this.inBand.length + this.outOfBand.size,
      queued: this.waiting.size,
    };
  }

  /** Starts routing through a freshly negotiated upstream. */
  attach(upstream: Upstream): void {
    this.upstream = upstream;
    upstream.start({
      onMessage: (message) => this.receive(message),
      onTooLarge: (length) => this.replyTooLarge(length),
    });
  }

  /** Forgets the upstream and every command sent or waiting; their clients are told by the caller. */
  detach(): void {
    this.upstream = undefined;
    this.inBand.drain();
    this.outOfBand.clear();
    this.waiting.clear();
  }

  submit(client: ClientSession, request: QmpRequest, slot: ReplySlot): void {
    if (this.localCommand(client, request, slot) || !this.connected(client, slot)) return;
    const job = { client, slot, request };
    if (request.oob) this.sendOutOfBand(job);
    else {
      this.waiting.push(client, job);
      this.pump();
    }
  }

  /**
   * Sends an in-band command with fds attached, at once and labelled with an
   * id of the mux's (its reply is matched by that id, not by order), for an
   * owner in this process: the mux's clients cannot pass fds through it.
   * One at a time: QEMU keeps only the fds of the latest message carrying any.
   */
  submitWithFds(
    client: ClientSession,
    request: QmpRequest,
    slot: ReplySlot,
    fds: readonly number[],
    timeout: number,
  ): void {
    const upstream = this.connected(client, slot);
    if (!upstream) return;
    const id = this.nextId++;
    this.outOfBand.set(id, { client, slot, request });
    this.counters.commands++;
    const args = request.argsText === undefined ? '' : `,"arguments":${request.argsText}`;
    const text = `{"execute":${JSON.stringify(request.command)}${args},"id":${id}}`;
    upstream.writeWithFds(text, fds, timeout).catch((error: Error) => {
      if (!this.outOfBand.delete(id)) return;
      const desc = `qmon mux: passing fds to QEMU failed: ${error.message}`;
      client.resolve(slot, errorReply(slot.idText, 'GenericError', desc), true);
    });
  }

  /** The upstream; while QEMU is away (between reconnects), the command is answered with an error. */
  private connected(client: ClientSession, slot: ReplySlot): Upstream | undefined {
    if (!this.upstream)
      client.resolve(
        slot,
        errorReply(slot.idText, 'GenericError', 'qmon mux: QEMU is not connected'),
        true,
      );
    return this.upstream;
  }

  /** Drops a departed client's commands that have not been sent yet. */
  forget(client: ClientSession): void {
    this.clients.delete(client);
    this.waiting.drop(client);
  }

  private pump(): void {
    while (this.inBand.length < IN_BAND_WINDOW) {
      const job = this.waiting.shift();
      if (!job) return;
      this.inBand.push(job);
      this.send(job, undefined);
    }
  }

  private sendOutOfBand(job: Job): void {
    const id = this.nextId++;
    this.outOfBand.set(id, job);
    this.send(job, id);
  }

  /**
   * QEMU reads its monitor socket one byte at a time, so every byte sent costs
   * it time: commands go compact, and in-band ones without an id.
   */
  private send(job: Job, id: number | undefined): void {
    this.counters.commands++;
    const { command, oob, argsText } = job.request;
    const args = argsText === undefined ? '' : `,"arguments":${compactJson(argsText)}`;
    const name = JSON.stringify(command);
    this.upstream!.write(
      oob ? `{"exec-oob":${name}${args},"id":${id}}` : `{"execute":${name}${args}}`,
    );
  }

  private receive(message: UpstreamMessage): void {
    if (message.kind === 'event') {
      this.counters.events++;
      this.onEvent(message.text);
      for (const client of this.clients) client.sendEvent(message.text);
      return;
    }
    if (message.kind === 'other') {
      this.counters.unmatchedReplies++;
      this.log(`unexpected message from QEMU: ${message.text.slice(0, 200)}`);
      return;
    }
    let job: Job | undefined;
    if (message.id === undefined) {
      job = this.inBand.shift();
      this.pump();
    } else {
      job = this.outOfBand.get(message.id);
      this.outOfBand.delete(message.id);
    }
    if (!job) {
      this.counters.unmatchedReplies++;
      this.log(`reply from QEMU matches no command: ${message.text.slice(0, 200)}`);
      return;
    }
    if (job.client.isGone) {
      this.counters.discardedReplies++;
      return;
    }
    job.client.resolve(job.slot, rewriteReplyId(message, job.slot.idText), message.isError);
  }

  /** QEMU answers in-band commands in order, so an oversized reply belongs to the oldest one. */
  private replyTooLarge(length: number): void {
    const job = this.inBand.shift();
    if (!job) return;
    this.pump();
    const desc = `qmon mux: QEMU's reply (${length} characters so far) is larger than the mux accepts`;
    job.client.resolve(job.slot, errorReply(job.slot.idText, 'GenericError', desc), true);
  }
}
