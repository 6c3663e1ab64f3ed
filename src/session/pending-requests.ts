/** One request waiting for its reply. */
export interface PendingRequest {
  readonly id: unknown;
  readonly command: string;
  readonly args: unknown;
  readonly startedAt: number;
  readonly oob: boolean;
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

  /** Removes every request and rejects each with the error `errorFor` builds for it. */
  rejectAll(errorFor: (request: PendingRequest) => Error): void {
    const all = [...this.byId.values()];
    this.byId.clear();
    for (const request of all) request.reject(errorFor(request));
  }
}
