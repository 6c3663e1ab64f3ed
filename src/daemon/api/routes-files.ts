/**
 * Files to and from the guest through its agent: an upload is the request
 * body (`application/octet-stream`), a download the response body. Progress
 * reaches the event WebSocket as `{"type": "progress"}` messages, under the
 * `transfer` id the caller chose.
 */
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { BadRequestError } from '../errors.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId } from './schemas.js';

const AGENT_CONNECT_MS = 10_000;

const Transfer = {
  path: Type.String({ minLength: 1, maxLength: 4096, pattern: '^/' }),
  transfer: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  ),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_600_000 })),
};

const UploadQuery = Type.Object(
  { ...Transfer, mode: Type.Optional(Type.String({ pattern: '^0?[0-7]{3,4}$' })) },
  { additionalProperties: false },
);

const DownloadQuery = Type.Object(Transfer, { additionalProperties: false });

export const UploadResult = Type.Object({
  transfer: Type.String(),
  bytes: Type.Integer(),
  /** False when the agent cannot run programs: the file was written in place, mode 0666. */
  atomic: Type.Optional(Type.Boolean()),
});

function isStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.pipe === 'function';
}

export const fileRoutes: RouteSpec[] = [
  route({
    method: 'PUT',
    url: '/vms/:id/files',
    summary:
      'Upload a file into the guest (body: the bytes, application/octet-stream; ?path=, ?mode=)',
    access: 'vm.agent',
    schema: { params: VmId, querystring: UploadQuery, response: UploadResult },
    audit: 'vm.file.upload',
    async handler({ params, query, body }, ctx) {
      if (!isStream(body))
        throw new BadRequestError('body', 'send the file as application/octet-stream');
      const vmId = resolveId(ctx, params.id);
      const managed = ctx.owner.requireRunning(vmId);
      const agent = await managed.agentClient(AGENT_CONNECT_MS);
      const mode = query.mode === undefined ? undefined : Number.parseInt(query.mode, 8);
      return ctx.transfers.upload(
        agent,
        { vmId, guestPath: query.path, transfer: query.transfer, timeoutMs: query.timeoutMs },
        body,
        mode,
      );
    },
  }),
  route({
    method: 'GET',
    url: '/vms/:id/files',
    summary: 'Download a file from the guest (the response body is its bytes; ?path=)',
    access: 'vm.agent',
    schema: { params: VmId, querystring: DownloadQuery },
    audit: 'vm.file.download',
    async handler({ params, query, reply }, ctx) {
      const vmId = resolveId(ctx, params.id);
      const managed = ctx.owner.requireRunning(vmId);
      const agent = await managed.agentClient(AGENT_CONNECT_MS);
      const { stream, bytes, transfer } = await ctx.transfers.download(agent, {
        vmId,
        guestPath: query.path,
        transfer: query.transfer,
        timeoutMs: query.timeoutMs,
      });
      reply.header('content-type', 'application/octet-stream');
      reply.header('content-length', String(bytes));
      reply.header('x-qmon-transfer', transfer);
      return stream;
    },
  }),
];
