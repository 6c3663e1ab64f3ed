/**
 * API calls on a VM of another host go to that host by NATS request/reply
 * (subject `qmon.host.ID.call`); the owner runs the route for the caller's
 * principal (authenticated by the daemon it reached; users are fleet-wide)
 * and answers the result or the error's code and message.
 */
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Principal } from '../daemon/auth/roles.js';
import { QmonError } from '../errors.js';
import { HostUnreachableError, RemoteError } from './errors.js';

export interface ForwardedCall {
  /** `METHOD URL` of the route, as in the route table. */
  route: string;
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  principal: Principal;
}

type CallReply = { ok: unknown } | { error: { code: string; message: string } };

/** Forwarded calls may start or stop a VM: QEMU's own time plus the stop's grace. */
export const FORWARD_TIMEOUT_MS = 60_000;

const subject = (hostId: string) => `qmon.host.${hostId}.call`;

export class Forwarder {
  private subscription?: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hostId: string,
  ) {}

  /**
   * Answers calls forwarded to this host with `handle`. Rejects when the
   * server refuses the subscription (this host's NATS user may not take it).
   */
  async serve(handle: (call: ForwardedCall) => Promise<unknown>): Promise<void> {
    let refused: Error | undefined;
    this.subscription = this.nc.subscribe(subject(this.hostId), {
      callback: (error, message) => {
        if (error) {
          refused = error;
          return;
        }
        void (async () => {
          let reply: CallReply;
          try {
            reply = { ok: (await handle(message.json<ForwardedCall>())) ?? {} };
          } catch (failure) {
            reply = {
              error: {
                code: failure instanceof QmonError ? failure.code : 'INTERNAL',
                message: failure instanceof Error ? failure.message : String(failure),
              },
            };
          }
          message.respond(JSON.stringify(reply));
        })();
      },
    });
    // The server answers the flush after it has refused the subscription, if it does.
    await this.nc.flush();
    if (refused) throw refused;
  }

  async call(
    hostId: string,
    hostName: string,
    call: ForwardedCall,
    timeoutMs = FORWARD_TIMEOUT_MS,
  ): Promise<unknown> {
    let reply: CallReply;
    try {
      const message = await this.nc.request(subject(hostId), JSON.stringify(call), {
        timeout: timeoutMs,
      });
      reply = message.json<CallReply>();
    } catch (error) {
      const why = /no responders|503/i.test(String((error as Error).message))
        ? 'its daemon is not connected to the fleet'
        : `no answer within ${timeoutMs} ms (${(error as Error).message})`;
      throw new HostUnreachableError(hostName, why);
    }
    if ('error' in reply) throw new RemoteError(reply.error.code, reply.error.message);
    return reply.ok;
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
