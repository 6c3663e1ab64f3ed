/**
 * One command with fds attached, sent by code in the mux's own process: it
 * takes the place of a client in the router, which sends it labelled with an
 * id and the fds (see UpstreamRouter.submitWithFds).
 */
import { QmpCommandError } from '../qmp/errors.js';
import { CommandTimeoutError } from '../session/errors.js';
import { parseJson, stringifyJson } from '../wire/exact-json.js';
import type { ClientSession, ReplySlot } from './backend.js';
import { MuxUpstreamError } from './errors.js';
import type { QmpRequest } from './qmp-request.js';
import type { UpstreamRouter } from './router.js';

/** Runs it; resolves with its `return`, rejects with QEMU's error, a timeout, or the upstream's loss. */
export function runWithFds(
  router: UpstreamRouter,
  command: string,
  args: Record<string, unknown> | undefined,
  fds: readonly number[],
  timeout: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let gone = false;
    const timer = setTimeout(() => {
      gone = true;
      reject(new CommandTimeoutError(command, timeout));
    }, timeout);
    const finish = () => {
      gone = true;
      clearTimeout(timer);
    };
    const client: ClientSession = {
      id: 'in-process',
      get isGone() {
        return gone;
      },
      resolve(_slot, text, isError) {
        finish();
        const reply = parseJson(text) as {
          return?: unknown;
          error?: { class: string; desc: string };
        };
        if (isError || reply.error) {
          const error = reply.error ?? { class: 'GenericError', desc: text };
          reject(new QmpCommandError(error.class, error.desc, command, args));
        } else resolve(reply.return);
      },
      sendEvent() {},
      abort(desc) {
        finish();
        reject(new MuxUpstreamError('UPSTREAM_LOST', command, desc));
      },
    };
    const argsText = args === undefined ? undefined : stringifyJson(args)!;
    const request: QmpRequest = { command, oob: false, argsText, args, idText: undefined };
    const slot: ReplySlot = { idText: undefined, command, oob: false, text: undefined };
    router.submitWithFds(client, request, slot, fds, timeout);
  });
}
