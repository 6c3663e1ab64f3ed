import type { Static, TSchema } from '@sinclair/typebox';
import type { Permission, Principal } from '../auth/roles.js';
import type { DaemonContext } from '../context.js';

/**
 * Who may call a route: anyone, any logged-in user, holders of a permission,
 * or holders of a single-use stream ticket (console WebSockets).
 */
export type Access = 'public' | 'authenticated' | 'ticket' | Permission;

type StaticOr<S, Fallback> = S extends TSchema ? Static<S> : Fallback;

export interface RouteSchemas {
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response?: TSchema;
}

export interface RouteRequest<S extends RouteSchemas> {
  params: StaticOr<S['params'], Record<string, never>>;
  query: StaticOr<S['querystring'], Record<string, never>>;
  body: StaticOr<S['body'], undefined>;
  /** Undefined only on public routes. */
  principal: Principal;
  /** Set-Cookie and friends, for the auth routes. */
  reply: { header(name: string, value: string): void; status(code: number): void };
  cookies: Record<string, string>;
}

/**
 * One API route as data: the server registers it, the OpenAPI document and the
 * every-route permission test read it, so none of them can miss a route.
 */
export interface RouteSpec<S extends RouteSchemas = RouteSchemas> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /api/v1, fastify style: `/vms/:id`. */
  url: string;
  summary: string;
  access: Access;
  schema: S;
  /**
   * The route acts on VMs named in its body and checks each itself: anyone
   * who holds `access` on some VM (a grant) gets in.
   */
  judgesEachVm?: boolean;
  /** The audit log records calls of routes that change something. */
  audit?: string;
  /** Leaves a call out of the audit when it changes nothing (a read-only monitor command). */
  auditIf?(body: StaticOr<S['body'], undefined>): boolean;
  handler(request: RouteRequest<S>, context: DaemonContext): Promise<unknown> | unknown;
}

/** Keeps each route's schema types tied to its handler. */
export function route<S extends RouteSchemas>(spec: RouteSpec<S>): RouteSpec {
  return spec as unknown as RouteSpec;
}
