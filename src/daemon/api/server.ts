/**
 * The HTTP server: every route of the table under /api/v1, authenticated
 * before its input is even parsed, errors as JSON, the OpenAPI document, and
 * the event WebSocket.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.js';
import type { DaemonContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { type RemoteConsoles, registerConsoleRoute } from '../streams/console-session.js';
import { STREAM_ATTACHERS } from '../streams/stream-attachers.js';
import { attachEventSocket } from './event-socket.js';
import { toHttpError } from './http-errors.js';
import { type ExtraOperation, openApiDocument } from './openapi.js';
import { authorize, parseCookies, principalOf, sameOrigin } from './request-auth.js';
import type { RouteSpec } from './route.js';
import { API_PREFIX, ROUTES } from './routes.js';
import { resolveId } from './routes-vms.js';
import { serveDashboard } from './static-files.js';

export interface ServerOptions {
  tls?: { key: Buffer; cert: Buffer };
  /** Replace the base route of the same method and URL, or add to them. */
  routes?: readonly RouteSpec[];
  /** The dashboard's built files (default: `dist/web` of this package). */
  webRoot?: string;
  /** Consoles of VMs other hosts run (a fleet). */
  remoteConsoles?: RemoteConsoles;
}

function mergeRoutes(base: readonly RouteSpec[], extra: readonly RouteSpec[]): RouteSpec[] {
  const key = (spec: RouteSpec) => `${spec.method} ${spec.url}`;
  const replacing = new Map(extra.map((spec) => [key(spec), spec]));
  const merged = base.map((spec) => replacing.get(key(spec)) ?? spec);
  const present = new Set(base.map(key));
  return [...merged, ...extra.filter((spec) => !present.has(key(spec)))];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Routes the server adds beside the table: listed in the OpenAPI document too. */
export const EXTRA_OPERATIONS: readonly ExtraOperation[] = [
  { method: 'GET', url: '/openapi.json', summary: 'This document', access: 'authenticated' },
  {
    method: 'GET',
    url: '/ws',
    summary: 'WebSocket of live events (`?after=SEQ` replays stored ones first)',
    access: 'vm.read',
  },
  {
    method: 'GET',
    url: '/vms/:id/console/:kind',
    summary:
      'WebSocket console stream (kind: serial, hmp, qmp, vnc), authenticated by a single-use ticket',
    access: 'ticket',
    parameters: [
      { name: 'id', in: 'path', description: 'the VM (id or name)' },
      { name: 'kind', in: 'path', description: 'serial, hmp, qmp or vnc' },
      { name: 'ticket', in: 'query', description: 'from POST /vms/{id}/tickets, for this kind' },
    ],
  },
];

const REDACTED_FIELDS = new Set(['password', 'secret']);

function redact(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  // A file upload's body is its bytes, a stream: nothing to record of it.
  if (typeof (body as { pipe?: unknown }).pipe === 'function') return undefined;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, REDACTED_FIELDS.has(key) ? '***' : value]),
  );
}

export async function buildServer(
  ctx: DaemonContext,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const secure = options.tls !== undefined;
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    ...(options.tls ? { https: options.tls } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  // File uploads: the handler reads the body as a stream, after authentication.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
    done(null, payload),
  );
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toHttpError(error);
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` },
    });
  });

  const guard =
    (spec: Pick<RouteSpec, 'access' | 'judgesEachVm'>) => async (request: FastifyRequest) => {
      const principal = principalOf(request.headers, ctx);
      const id = (request.params as { id?: string } | undefined)?.id;
      // Grants are kept by VM id; URLs may name the VM instead.
      const vmId = id !== undefined && principal?.grants ? resolveId(ctx, id) : id;
      authorize(spec.access, principal, vmId, spec.judgesEachVm);
      if (principal) request.principal = principal;
      // Cookies ride along on cross-site requests from browsers; SameSite=Strict
      // stops that, and this stops anything that slips past it.
      if (principal?.via === 'session' && request.method !== 'GET') {
        if (!sameOrigin(request.headers.origin, request.headers.host, secure))
          throw new ForbiddenError('the Origin of this request is not this server');
      }
    };

  const routes = mergeRoutes(ROUTES, options.routes ?? []);
  for (const spec of routes) {
    const { response: _documentedOnly, ...schema } = spec.schema;
    app.route({
      method: spec.method,
      url: `${API_PREFIX}${spec.url}`,
      schema,
      onRequest: guard(spec),
      handler: async (request, reply) => {
        const principal = request.principal as Principal;
        const record = (result: string) => {
          if (!spec.audit || (spec.auditIf && !spec.auditIf(request.body as never))) return;
          const params = request.params as { id?: string; action?: string };
          try {
            ctx.audit.record({
              user:
                principal?.name ?? (request.body as { name?: string } | undefined)?.name ?? null,
              action: params.action ? `${spec.audit}.${params.action}` : spec.audit,
              target: params.id ?? null,
              detail: redact(request.body) ?? request.query,
              result,
            });
          } catch {
            // The audit's own failure (a full disk) must not hide the request's outcome.
          }
        };
        try {
          const result = await spec.handler(
            {
              params: request.params as never,
              query: request.query as never,
              body: request.body as never,
              principal,
              cookies: parseCookies(request.headers.cookie),
              reply: {
                header: (name, value) => void reply.header(name, value),
                status: (code) => void reply.status(code),
              },
            },
            ctx,
          );
          record('ok');
          return result ?? {};
        } catch (error) {
          record((error as { code?: string }).code ?? 'INTERNAL');
          throw error;
        }
      },
    });
  }

  const document = openApiDocument(API_PREFIX, routes, EXTRA_OPERATIONS, ctx.version);
  app.get(
    `${API_PREFIX}/openapi.json`,
    { onRequest: guard({ access: 'authenticated' }) },
    async () => document,
  );
  app.get(
    `${API_PREFIX}/ws`,
    {
      websocket: true,
      onRequest: async (request) => {
        await guard({ access: 'vm.read' })(request);
        if (!sameOrigin(request.headers.origin, request.headers.host, secure))
          throw new ForbiddenError('the Origin of this WebSocket is not this server');
      },
    },
    (socket, request) => attachEventSocket(socket, request, ctx),
  );
  registerConsoleRoute(
    app,
    `${API_PREFIX}/vms/:id/console/:kind`,
    ctx,
    (request) => {
      if (!sameOrigin(request.headers.origin, request.headers.host, secure))
        throw new ForbiddenError('the Origin of this WebSocket is not this server');
    },
    STREAM_ATTACHERS,
    options.remoteConsoles,
  );
  serveDashboard(app, options.webRoot);
  return app;
}
