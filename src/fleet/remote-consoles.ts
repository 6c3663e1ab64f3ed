/**
 * Console streams of a VM another host runs: the viewer's daemon asks the
 * VM's host (by a forwarded call) to spend the ticket, which that host made,
 * and to run the stream; its frames come back through NATS (console-relay.ts).
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from '@fastify/websocket';
import type { Principal } from '../daemon/auth/roles.js';
import { ConflictError, NotFoundError } from '../daemon/errors.js';
import {
  CLOSE,
  type ConsoleKind,
  closeOnAccessChange,
  closeReason,
  type RemoteConsoles,
  redeemConsoleTicket,
} from '../daemon/streams/console-session.js';
import { STREAM_ATTACHERS } from '../daemon/streams/stream-attachers.js';
import { StandInSocket, ViewerRelay } from './console-relay.js';
import type { Fleet } from './fleet.js';
import { requireHostUp } from './views.js';

/** The forwarded call that opens a console on the VM's host. */
export const CONSOLE_OPEN = 'CONSOLE open';
const OPEN_TIMEOUT_MS = 10_000;
/** The ticket is the authentication: the call itself acts for nobody. */
const TICKET_HOLDER: Principal = { userId: '', name: 'ticket', role: 'viewer', via: 'token' };

export function remoteConsoles(fleet: Fleet): RemoteConsoles {
  return {
    async open(idOrName: string, kind: ConsoleKind, ticket: string) {
      const entry = await fleet.catalog.fresh(idOrName).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (!entry || entry.vm.host === fleet.hostId) return undefined;
      requireHostUp(fleet, entry.vm.host);
      const route = { stream: randomUUID(), viewerHost: fleet.hostId, vmHost: entry.vm.host };
      const relay = new ViewerRelay(fleet.nc, route);
      try {
        await fleet.forwarder.call(
          entry.vm.host,
          fleet.nameOf(entry.vm.host),
          {
            route: CONSOLE_OPEN,
            params: { id: entry.vm.id, kind, ticket, ...route },
            query: {},
            body: undefined,
            principal: TICKET_HOLDER,
          },
          OPEN_TIMEOUT_MS,
        );
      } catch (error) {
        relay.dispose();
        throw error;
      }
      return (socket: WebSocket) => relay.attach(socket);
    },
  };
}

/** On the VM's host: spends the ticket and runs the stream for a viewer of another host. */
export function openConsoleHere(fleet: Fleet, params: Record<string, unknown>): object {
  const { id, kind, ticket, stream, viewerHost } = params as Record<string, string>;
  const grant = redeemConsoleTicket(fleet.ctx, String(id), String(kind), ticket);
  const managed = fleet.ctx.owner.managed(grant.vmId);
  if (!managed) throw new ConflictError('the VM is not running');
  const route = { stream: String(stream), viewerHost: String(viewerHost), vmHost: fleet.hostId };
  const socket = new StandInSocket(fleet.nc, route) as unknown as WebSocket;
  const session = { ...grant, managed };
  closeOnAccessChange(socket, session, fleet.ctx);
  Promise.resolve()
    .then(() => STREAM_ATTACHERS[kind as ConsoleKind](socket, session))
    .catch((error: unknown) =>
      socket.close(CLOSE.failed, closeReason(String((error as Error).message ?? error))),
    );
  return {};
}
