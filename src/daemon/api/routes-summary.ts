/** A VM at a glance for listings: its size, what it uses now, and what its guest agent tells. */
import { resolveSpec } from '../../launch/spec.js';
import { guestFacts } from '../../qga/guest-facts.js';
import { measureCpu, procStats } from '../metrics/proc-stats.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId, VmSummary } from './schemas.js';

/** How long a listing waits for a guest agent (a VM without one costs this much once). */
const AGENT_TIMEOUT_MS = 1_500;
/** The window CPU use is measured over when no sample is at hand. */
const CPU_WINDOW_MS = 250;

export const summaryRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms/:id/summary',
    summary: "A VM at a glance: vCPUs, memory, CPU use, RSS, and the guest's OS and addresses",
    access: 'vm.read',
    schema: { params: VmId, response: VmSummary },
    async handler({ params }, ctx) {
      const def = ctx.definitions.get(resolveId(ctx, params.id));
      const spec = resolveSpec(def.spec);
      const size = { cpus: spec.cpus, memoryMiB: spec.memoryMiB };
      const managed = ctx.owner.managed(def.id);
      if (!managed) return { ...size, cpuUsage: null, rssBytes: null, guest: null };
      const pid = managed.vm.pid;
      const sampled = ctx.metrics.get(def.id)?.latest?.cpu;
      const [cpuUsage, proc, guest] = await Promise.all([
        sampled ?? measureCpu(pid, CPU_WINDOW_MS).catch(() => null),
        procStats(pid).catch(() => undefined),
        managed
          .agentClient(AGENT_TIMEOUT_MS)
          .then((agent) => guestFacts(agent, AGENT_TIMEOUT_MS))
          .catch(() => null),
      ]);
      return { ...size, cpuUsage, rssBytes: proc?.rssBytes ?? null, guest };
    },
  }),
];
