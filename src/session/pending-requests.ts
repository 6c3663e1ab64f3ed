/** One request waiting for its reply. */
export interface PendingRequest {
  readonly id: unknown;
  readonly command: string;
  readonly args: unknown;
  readonly oob: boolean;
  /** Sent with an id (else matched to its reply by order). */
  readonly labelled: boolean;
  /** `performance.now()` after which the request times out (`Infinity`: never). */
  readonly deadline: number;
  /** The timeout it was given, for the error message. */
  readonly timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Requests waiting for replies, keyed by id. Ids are unique per session; a Map
 * keeps insertion order, which is the order QEMU answers in-band commands.
 */
export class PendingRequests {
  private readonly byId = new Map<unknown, PendingRequest>();

  get size(): number {
    return this.byId.size;
  }

  add(request: PendingRequest): void {
    this.byId.set(request.id, request);
  }

  /** Removes and returns the request with this id. */
  take(id: unknown): PendingRequest | undefined {
    const request = this.byId.get(id);
    if (request) this.byId.delete(id);
    return request;
  }

  /** Removes and returns the oldest in-band request: the one QEMU is answering now. */
  takeOldestInBand(): PendingRequest | undefined {
    for (const request of this.byId.values()) {
      if (!request.oob) {
        this.byId.delete(request.id);
        return request;
      }
    }
    return undefined;
  }

  /** Requests whose deadline has passed at `now`. */
  expired(now: number): PendingRequest[] {
    const expired: PendingRequest[] = [];
    for (const request of this.byId.values()) if (request.deadline <= now) expired.push(request);
    return expired;
  }

  /** The earliest deadline of any request (`Infinity` when none has one). */
  earliestDeadline(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const request of this.byId.values()) earliest = Math.min(earliest, request.deadline);
    return earliest;
  }

  /** Removes and returns every request, oldest first. */
  removeAll(): PendingRequest[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    return all;
  }
}
