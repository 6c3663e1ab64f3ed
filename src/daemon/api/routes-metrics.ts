import { Type } from '@sinclair/typebox';
import { prometheusText } from '../metrics/prometheus.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { MetricsQuery, VmId, VmMetrics } from './schemas.js';

export const metricsRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms/:id/metrics',
    summary: "A VM's sampled CPU, memory and disk history (hour at 10 s, day, week, year)",
    access: 'vm.read',
    schema: { params: VmId, querystring: MetricsQuery, response: VmMetrics },
    handler({ params, query }, ctx) {
      const { id } = ctx.definitions.get(resolveId(ctx, params.id));
      const metrics = ctx.metrics.get(id);
      return {
        latest: metrics?.latest ?? null,
        points: metrics?.history.points(query.range ?? 'hour') ?? [],
      };
    },
  }),
  route({
    method: 'GET',
    url: '/metrics',
    summary: 'Every VM in the Prometheus text format (scrape with a bearer token)',
    access: 'vm.read',
    schema: { response: Type.String() },
    handler({ reply }, ctx) {
      reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      return prometheusText(
        ctx.definitions.list().map((def) => {
          const sample = ctx.metrics.get(def.id)?.latest;
          return {
            id: def.id,
            name: def.name,
            state: ctx.owner.state(def.id),
            ...(sample ? { sample } : {}),
          };
        }),
      );
    },
  }),
];
