/**
 * `console/hmp`: text frames of JSON. `{"id","line"}` runs an HMP command line
 * (judged by the role's policy, as `POST /vms/{id}/hmp` is) and answers
 * `{"id","output"}` or `{"id","error":{"code","message"}}`; `{"id","complete"}`
 * answers `{"id","completions"}` from the running QEMU's own `help`.
 */
import type { WebSocket } from '@fastify/websocket';
import { refuseHmp } from '../../mux/policy.js';
import { MONITOR_POLICIES, roleOn } from '../auth/roles.js';
import { MonitorCommandRefusedError } from '../errors.js';
import { CLOSE, type ConsoleSession, MAX_BUFFERED_BYTES } from './console-session.js';

interface HmpRequest {
  id?: unknown;
  line?: unknown;
  complete?: unknown;
}

export function attachHmpStream(socket: WebSocket, session: ConsoleSession): void {
  const { managed, principal } = session;
  // A grant on this VM counts, as on the HTTP routes.
  const role = roleOn(principal, session.vmId);
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE.tooSlow, 'too slow: HMP output was dropped');
      return;
    }
    socket.send(JSON.stringify(message), { binary: false });
  };
  // One command at a time and in order, as a person at the `(qemu)` prompt.
  let queue = Promise.resolve();
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    let request: HmpRequest | undefined;
    try {
      request = isBinary ? undefined : (JSON.parse(data.toString('utf8')) as HmpRequest);
    } catch {}
    const id = request?.id ?? null;
    queue = queue.then(async () => {
      try {
        send({ id, ...(await answer(request)) });
      } catch (error) {
        const { code = 'HMP_FAILED', message = String(error) } = error as {
          code?: string;
          message?: string;
        };
        send({ id, error: { code, message } });
      }
    });
  });

  async function answer(request: HmpRequest | undefined): Promise<Record<string, unknown>> {
    if (typeof request?.complete === 'string')
      return { completions: (await managed.hmpHelp.complete(request.complete)).completions };
    if (typeof request?.line !== 'string')
      return {
        error: { code: 'BAD_REQUEST', message: 'expected {"id","line"} or {"id","complete"}' },
      };
    const refusal = refuseHmp(MONITOR_POLICIES[role], request.line);
    if (refusal) throw new MonitorCommandRefusedError(refusal.command, role, refusal.reason);
    return { output: await managed.vm.hmp(request.line) };
  }
}
