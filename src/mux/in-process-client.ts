/**
 * Commands sent by code in the mux's own process (the daemon's API, fd
 * passing): one client of the router like any socket client, but with no
 * socket, no framing and no parsing of the command. Each reply settles the
 * promise of the slot it answers.
 */
import { QmpCommandError } from '../qmp/errors.js';
import { CommandTimeoutError } from '../session/errors.js';
import { parseJson, stringifyJson } from '../wire/exact-json.js';
import type { ClientSession, ReplySlot } from './backend.js';
import { MuxUpstreamError } from './errors.js';
import type { QmpRequest } from './qmp-request.js';
import type { UpstreamRouter } from './router.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  args: Record<string, unknown> | undefined;
}

export class InProcessClient implements ClientSession {
  readonly id = 'in-process';
  readonly isGone = false;
  private readonly pending = new Map<ReplySlot, Pending>();

  constructor(private readonly router: UpstreamRouter) {}

  /**
   * Runs `command` and resolves with its `return`; QEMU's error is a
   * QmpCommandError. With `fds`, they go along (SCM_RIGHTS) and stay the
   * caller's. After `timeout` ms the promise rejects; the command may still run.
   */
  run(
    command: string,
    args: Record<string, unknown> | undefined,
    timeout: number,
    fds?: readonly number[],
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const slot: ReplySlot = { idText: undefined, command, oob: false, text: undefined };
      const timer = setTimeout(() => {
        if (this.pending.delete(slot)) reject(new CommandTimeoutError(command, timeout));
      }, timeout);
      this.pending.set(slot, { resolve, reject, timer, args });
      const argsText = args === undefined ? undefined : stringifyJson(args)!;
      const request: QmpRequest = { command, oob: false, argsText, args, idText: undefined };
      if (fds) this.router.submitWithFds(this, request, slot, fds, timeout);
      else this.router.submit(this, request, slot);
    });
  }

  resolve(slot: ReplySlot, text: string, isError: boolean): void {
    const pending = this.pending.get(slot);
    if (!pending) return;
    this.pending.delete(slot);
    clearTimeout(pending.timer);
    const reply = parseJson(text) as { return?: unknown; error?: { class: string; desc: string } };
    if (isError || reply.error) {
      const error = reply.error ?? { class: 'GenericError', desc: text };
      pending.reject(new QmpCommandError(error.class, error.desc, slot.command, pending.args));
    } else pending.resolve(reply.return);
  }

  /** Events reach the mux's owner through `onEvent`, not here. */
  sendEvent(): void {}

  /** QEMU went away: every command still waiting fails at once. */
  abort(desc: string): void {
    for (const [slot, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new MuxUpstreamError('UPSTREAM_LOST', slot.command, desc));
    }
    this.pending.clear();
  }
}
