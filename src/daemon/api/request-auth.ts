/** Who a request comes from (session cookie or bearer token), and whether the route lets them in. */
import type { IncomingHttpHeaders } from 'node:http';
import { type Principal, permits, permitsOnSomeVm } from '../auth/roles.js';
import type { DaemonContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Access } from './route.js';
import { SESSION_COOKIE } from './routes-auth.js';

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) cookies[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return cookies;
}

export function principalOf(
  headers: IncomingHttpHeaders,
  ctx: DaemonContext,
): Principal | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer '))
    return ctx.accounts.byToken(authorization.slice(7).trim());
  const session = parseCookies(headers.cookie)[SESSION_COOKIE];
  return session ? ctx.accounts.bySession(session) : undefined;
}

/**
 * Whether `origin` (an Origin header) is this server as the client reached it.
 * Browsers always send Origin on WebSocket upgrades and cross-site requests;
 * programs that send none cannot be tricked into riding a browser's cookie.
 */
export function sameOrigin(
  origin: string | undefined,
  host: string | undefined,
  secure: boolean,
): boolean {
  if (origin === undefined) return true;
  return host !== undefined && origin === `${secure ? 'https' : 'http'}://${host}`;
}

/**
 * Throws 401 or 403 unless the request may use a route of this access level:
 * on VM `vmId` (an id) when the route is about one; on some VM when the route
 * judges each VM it acts on itself (`judgesEachVm`).
 */
export function authorize(
  access: Access,
  principal: Principal | undefined,
  vmId: string | undefined,
  judgesEachVm = false,
): void {
  if (access === 'public') return;
  if (!principal) throw new UnauthenticatedError();
  if (access === 'authenticated') return;
  if (access === 'ticket') throw new UnauthenticatedError('this route takes a stream ticket');
  const allowed = judgesEachVm
    ? permitsOnSomeVm(principal, access)
    : permits(principal, access, vmId);
  if (!allowed) throw forbidden(principal, access, vmId);
}

/** The 403 of `principal` asking for `access` (on a VM). */
export function forbidden(principal: Principal, access: Access, vmId?: string): ForbiddenError {
  const where = vmId === undefined ? '' : ' on this VM';
  return new ForbiddenError(`role ${principal.role} may not do ${access}${where}`);
}
