import { CommandAbortedError } from '../session/errors.js';
import type { CallOptions } from '../session/qapi-session.js';
import { VmTimeoutError } from './errors.js';

/**
 * `starting` until QMP answers; then `running` / `paused` / `shutdown` follow
 * QEMU's RESUME, STOP and SHUTDOWN events; `exited` once QEMU is gone after a
 * stop that was asked for (or a SHUTDOWN), `crashed` when it died otherwise.
 */
export type VmState = 'starting' | 'running' | 'paused' | 'shutdown' | 'crashed' | 'exited';

export type VmStateListener = (state: VmState, previous: VmState) => void;

const DEFAULT_STATE_WAIT_MS = 10_000;

/** Maps QEMU's run state (`query-status`) to ours. */
export function stateOf(status: string): VmState {
  if (status === 'running') return 'running';
  if (status === 'shutdown') return 'shutdown';
  return 'paused';
}

/** A VM's state, who listens to its changes, and waits for one. */
export class VmStateTracker {
  private current: VmState = 'starting';
  private frozen = false;
  private readonly listeners = new Set<VmStateListener>();

  get state(): VmState {
    return this.current;
  }

  /** Moves to `state` and tells the listeners; nothing changes once `freeze` was called. */
  set(state: VmState): void {
    const previous = this.current;
    if (state === previous || this.frozen) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener(state, previous);
  }

  /** Sets the final state (exited or crashed); later changes are ignored. */
  finish(state: VmState): void {
    this.set(state);
    this.frozen = true;
  }

  /** Calls `listener` on every change; returns the function that unsubscribes. */
  onChange(listener: VmStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once the state is one of `states`; rejects with VmTimeoutError
   * after `timeout` ms (10 s), or CommandAbortedError when `signal` aborts.
   */
  waitFor(states: VmState | readonly VmState[], options: CallOptions = {}): Promise<VmState> {
    const wanted = new Set<VmState>(typeof states === 'string' ? [states] : states);
    const what = `waiting for state ${[...wanted].join(' or ')}`;
    if (wanted.has(this.current)) return Promise.resolve(this.current);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new CommandAbortedError(what, signal.reason));
    const timeout = options.timeout ?? DEFAULT_STATE_WAIT_MS;
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => settle(() => reject(new CommandAbortedError(what, signal?.reason)));
      const timer =
        timeout === Number.POSITIVE_INFINITY
          ? undefined
          : setTimeout(() => settle(() => reject(new VmTimeoutError(what, timeout))), timeout);
      const off = this.onChange((state) => {
        if (wanted.has(state)) settle(() => resolve(state));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
