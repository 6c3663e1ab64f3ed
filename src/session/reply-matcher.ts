import { Fifo } from './fifo.js';
import { type PendingRequest, PendingRequests } from './pending-requests.js';

/** How many abandoned ids are remembered to recognise their late replies. */
const ABANDONED_IDS_KEPT = 10_000;

export interface ReplyCounters {
  /** Replies that arrived after their caller gave up (timeout or abort). */
  lateReplies: number;
  /** Replies whose id matched no request, ever. */
  unmatchedReplies: number;
}

/**
 * Which request a reply answers. Pure bookkeeping: no timers, no stream, no
 * promises; the session decides when to give up and settles what this returns.
 *
 * Replies with an id are matched by id. In-band requests may go out without
 * one (`unlabelled`); QEMU answers in-band commands in order, so a reply
 * without an id belongs to the oldest of them. Once the caller of an
 * unlabelled request gives up, its reply may never come: until it does
 * (`owed`), new in-band requests must be labelled, so a silent peer costs only
 * that one call.
 */
export class ReplyMatcher {
  private readonly pending = new PendingRequests();
  /** Ids of requests whose callers gave up, to tell late replies from strangers. */
  private readonly abandoned = new Set<unknown>();
  /** Ids of in-band requests sent without an id, oldest first: their replies come in this order. */
  private readonly unlabelled = new Fifo<unknown>();
  /**
   * In-band requests whose replies must arrive before requests may go out
   * unlabelled again: unlabelled ones whose caller gave up, and the labelled
   * ones sent while any such is outstanding.
   */
  private readonly owed = new Set<unknown>();

  constructor(
    /** Whether in-band requests always carry an id. */
    private readonly inBandIds: boolean,
    private readonly counters: ReplyCounters = { lateReplies: 0, unmatchedReplies: 0 },
  ) {}

  /** Requests waiting for a reply. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether a request sent now must carry its id. */
  mustLabel(oob: boolean): boolean {
    return oob || this.inBandIds || this.owed.size > 0;
  }

  /** Records a request that has been sent (labelled as `mustLabel` said). */
  add(request: PendingRequest): void {
    if (!request.labelled) this.unlabelled.push(request.id);
    else if (!request.oob && !this.inBandIds) this.owed.add(request.id);
    this.pending.add(request);
  }

  /**
   * The request a reply answers, removed; undefined when its caller gave up
   * (counted late) or no request ever had its id (counted unmatched).
   */
  match(reply: { id?: unknown }): PendingRequest | undefined {
    const id = 'id' in reply || this.inBandIds ? reply.id : this.unlabelled.shift();
    if (this.owed.size > 0) this.owed.delete(id);
    const request = this.pending.take(id);
    if (!request) {
      if (this.abandoned.delete(id)) this.counters.lateReplies++;
      else this.counters.unmatchedReplies++;
    }
    return request;
  }

  /** Removes the request with this id without waiting for its reply (e.g. QEMU dropped it). */
  take(id: unknown): PendingRequest | undefined {
    return this.pending.take(id);
  }

  /** The caller gave up on this request; its reply, if it comes, is late. */
  abandon(id: unknown): PendingRequest | undefined {
    const request = this.pending.take(id);
    if (!request) return undefined;
    this.rememberAbandoned(id);
    if (!request.labelled) this.owed.add(id);
    return request;
  }

  /**
   * A reply was too large to decode: it answered the oldest in-band request
   * (QEMU answers them in order, and unlabelled ones are always older than
   * labelled ones still waiting). Returns that request, removed, if its caller
   * is still waiting.
   */
  takeOversized(): PendingRequest | undefined {
    let request: PendingRequest | undefined;
    if (this.unlabelled.length > 0) {
      const id = this.unlabelled.shift();
      this.owed.delete(id);
      request = this.pending.take(id);
      if (!request) this.abandoned.delete(id);
    } else request = this.pending.takeOldestInBand();
    if (request) {
      this.owed.delete(request.id);
      this.rememberAbandoned(request.id);
    }
    return request;
  }

  /** Requests whose deadline has passed at `now`. */
  expired(now: number): PendingRequest[] {
    return this.pending.expired(now);
  }

  earliestDeadline(): number {
    return this.pending.earliestDeadline();
  }

  /** Forgets everything (the connection closed); returns the requests still waiting. */
  clear(): PendingRequest[] {
    this.unlabelled.clear();
    this.owed.clear();
    return this.pending.removeAll();
  }

  private rememberAbandoned(id: unknown): void {
    this.abandoned.add(id);
    if (this.abandoned.size > ABANDONED_IDS_KEPT)
      this.abandoned.delete(this.abandoned.values().next().value);
  }
}
