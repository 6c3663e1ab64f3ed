import { Type } from '@sinclair/typebox';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId } from './schemas.js';

const ScreenshotQuery = Type.Object(
  { thumb: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])) },
  { additionalProperties: false },
);

/** What the consoles use beside their streams: screenshots and the QMP schema. */
export const consoleRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms/:id/screenshot',
    summary:
      'The screen as PNG (`?thumb=1`: at most 320 pixels wide); at most one screendump per 2 s, the latest served in between',
    access: 'vm.read',
    schema: { params: VmId, querystring: ScreenshotQuery },
    async handler({ params, query, reply }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      const shot = await managed.screenshots.png({ thumb: query.thumb === '1' });
      reply.header('content-type', 'image/png');
      reply.header('cache-control', 'private, max-age=2');
      reply.header('x-qmon-screenshot-taken', String(shot.takenAt));
      return shot.png;
    },
  }),
  route({
    method: 'GET',
    url: '/vms/:id/qmp-schema',
    summary: "The `query-qmp-schema` of this VM's QEMU (asked once per start), for completion",
    access: 'vm.read',
    schema: { params: VmId, response: Type.Array(Type.Unknown()) },
    handler({ params }, ctx) {
      return ctx.owner.requireRunning(resolveId(ctx, params.id)).qmpSchema();
    },
  }),
];
