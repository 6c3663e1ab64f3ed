/**
 * `GET /api/v1/vms/{id}/console/{kind}?ticket=`: a console stream. The ticket
 * is the authentication: single-use, bound to user, VM and kind. A bad one
 * refuses the upgrade with 401; the ticket's user, as they are now, decides
 * what they may do. Each kind has its own file.
 */
import type { WebSocket } from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Principal, permits, roleOn } from '../auth/roles.js';
import type { StreamKind } from '../auth/tickets.js';
import type { DaemonContext } from '../context.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { ManagedVm } from '../owner/managed-vm.js';

export const CONSOLE_KINDS = ['serial', 'hmp', 'qmp', 'vnc'] as const;
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

/** WebSocket close codes of console streams. */
export const CLOSE = {
  /** The client fell too far behind: output was dropped. */
  tooSlow: 1008,
  /** The VM stopped or its console ended. */
  vmGone: 1001,
  /** The stream failed for another reason (its reason says which). */
  failed: 1011,
  /** The VM has no such console (no serial port, no VNC). */
  noConsole: 4404,
  /** The VM is not running. */
  notRunning: 4409,
  /** The user was deleted, demoted, or lost their grant on this VM. */
  accessChanged: 4403,
} as const;

/** How often an open console looks at its user again (only when the store changed). */
const ACCESS_CHECK_MS = 2_000;

/** What a stream may queue for one client before it is dropped (serial, qmp, hmp). */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface ConsoleSession {
  vmId: string;
  principal: Principal;
  managed: ManagedVm;
}

export type StreamAttacher = (socket: WebSocket, session: ConsoleSession) => Promise<void> | void;

interface Grant {
  vmId: string;
  principal: Principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleGrant?: Grant;
    consoleRelay?: (socket: WebSocket) => void;
  }
}

function isConsoleKind(kind: string): kind is ConsoleKind {
  return (CONSOLE_KINDS as readonly string[]).includes(kind);
}

/** Spends the ticket of a request; throws 404, 401 or 403. */
export function redeemTicket(request: FastifyRequest, ctx: DaemonContext): Grant {
  const { id, kind } = request.params as { id: string; kind: string };
  return redeemConsoleTicket(ctx, id, kind, (request.query as { ticket?: unknown }).ticket);
}

/** Spends `ticket` for the `kind` console of VM `idOrName`; throws 404, 401 or 403. */
export function redeemConsoleTicket(
  ctx: DaemonContext,
  idOrName: string,
  kind: string,
  ticket: unknown,
): Grant {
  if (typeof ticket !== 'string' || ticket === '')
    throw new UnauthenticatedError('a console stream needs ?ticket= (POST /vms/{id}/tickets)');
  if (!isConsoleKind(kind)) throw new NotFoundError('console', kind);
  const vmId = ctx.definitions.idOf(idOrName) ?? idOrName;
  const granted = ctx.tickets.redeem(ticket, vmId, kind as StreamKind);
  const principal = granted && ctx.accounts.byUserId(granted.userId);
  if (!principal)
    throw new UnauthenticatedError(
      `the ticket is not valid for the ${kind} console of this VM (spent, expired or another's)`,
    );
  if (!permits(principal, 'vm.read', vmId))
    throw new ForbiddenError(`role ${principal.role} may not see this VM`);
  return { vmId, principal };
}

/**
 * Consoles of VMs another host runs (a fleet): the ticket is that host's, and
 * so is the stream, relayed through this daemon.
 */
export interface RemoteConsoles {
  /**
   * Resolves undefined when this host runs (or would run) the VM. Otherwise
   * spends the ticket on the VM's host (throwing as `redeemTicket` does) and
   * resolves with the relay, to attach to the WebSocket once it is open.
   */
  open(
    idOrName: string,
    kind: ConsoleKind,
    ticket: string,
  ): Promise<((socket: WebSocket) => void) | undefined>;
}

export function registerConsoleRoute(
  app: FastifyInstance,
  url: string,
  ctx: DaemonContext,
  checkOrigin: (request: FastifyRequest) => void,
  attachers: Record<ConsoleKind, StreamAttacher>,
  remote?: RemoteConsoles,
): void {
  app.get(
    url,
    {
      websocket: true,
      onRequest: async (request) => {
        checkOrigin(request);
        const { id, kind } = request.params as { id: string; kind: string };
        const { ticket } = request.query as { ticket?: unknown };
        if (remote && isConsoleKind(kind) && typeof ticket === 'string' && ticket !== '')
          request.consoleRelay = await remote.open(id, kind, ticket);
        if (!request.consoleRelay) request.consoleGrant = redeemTicket(request, ctx);
      },
    },
    (socket, request) => {
      if (request.consoleRelay) {
        request.consoleRelay(socket);
        return;
      }
      const grant = request.consoleGrant as Grant;
      const kind = (request.params as { kind: ConsoleKind }).kind;
      const managed = ctx.owner.managed(grant.vmId);
      if (!managed) {
        socket.close(CLOSE.notRunning, 'the VM is not running');
        return;
      }
      const attach = attachers[kind];
      const session = { ...grant, managed };
      closeOnAccessChange(socket, session, ctx);
      Promise.resolve()
        .then(() => attach(socket, session))
        .catch((error: unknown) => {
          socket.close(CLOSE.failed, closeReason(String((error as Error).message ?? error)));
        });
    },
  );
}

/**
 * Closes the stream when its user changes: deleted, demoted, or a grant on
 * this VM revoked. The stream judged their commands by the role they had when
 * it opened; with another role they open it again.
 */
export function closeOnAccessChange(
  socket: WebSocket,
  session: ConsoleSession,
  ctx: DaemonContext,
): void {
  const role = roleOn(session.principal, session.vmId);
  let seen = ctx.store.version();
  const timer = setInterval(() => {
    const version = ctx.store.version();
    if (version === seen) return;
    seen = version;
    const now = ctx.accounts.byUserId(session.principal.userId);
    if (!now || !permits(now, 'vm.read', session.vmId) || roleOn(now, session.vmId) !== role)
      socket.close(CLOSE.accessChanged, 'your access to this VM changed: open the console again');
  }, ACCESS_CHECK_MS);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}

/** A WebSocket close reason holds at most 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= 123) return text;
  // Cut at a character boundary: drop a partial UTF-8 sequence at the end.
  return bytes
    .subarray(0, 120)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
