import { refuseHmp, refuseQmp } from '../../mux/policy.js';
import { MONITOR_POLICIES, roleOn } from '../auth/roles.js';
import type { StreamKind } from '../auth/tickets.js';
import { MonitorCommandRefusedError } from '../errors.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import {
  AgentCommand,
  HmpCommand,
  QmpCommand,
  ReturnValue,
  Ticket,
  TicketRequest,
  VmId,
} from './schemas.js';

const AGENT_TIMEOUT_MS = 30_000;
/** Commands this policy lets through change nothing: they are left out of the audit. */
const READ_ONLY = { readOnly: true };

export const monitorRoutes: RouteSpec[] = [
  route({
    method: 'POST',
    url: '/vms/:id/qmp',
    summary:
      "Run a QMP command, as the caller's role allows (viewer: read-only; operator: no host access)",
    access: 'vm.monitor',
    schema: { params: VmId, body: QmpCommand, response: ReturnValue },
    audit: 'vm.qmp',
    auditIf: (body) => refuseQmp(READ_ONLY, body.execute, body.arguments) !== undefined,
    async handler({ params, body, principal }, ctx) {
      const id = resolveId(ctx, params.id);
      const role = roleOn(principal, id);
      const refusal = refuseQmp(MONITOR_POLICIES[role], body.execute, body.arguments);
      if (refusal) throw new MonitorCommandRefusedError(refusal.command, role, refusal.reason);
      const managed = ctx.owner.requireRunning(id);
      return { return: await managed.vm.qmp.executeUntyped(body.execute, body.arguments) };
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/hmp',
    summary: "Run an HMP command line, judged by the role's policy as the multiplexer judges it",
    access: 'vm.monitor',
    schema: { params: VmId, body: HmpCommand, response: ReturnValue },
    audit: 'vm.hmp',
    auditIf: (body) => refuseHmp(READ_ONLY, body.command) !== undefined,
    async handler({ params, body, principal }, ctx) {
      const id = resolveId(ctx, params.id);
      const role = roleOn(principal, id);
      const refusal = refuseHmp(MONITOR_POLICIES[role], body.command);
      if (refusal) throw new MonitorCommandRefusedError(refusal.command, role, refusal.reason);
      const managed = ctx.owner.requireRunning(id);
      return { return: await managed.vm.hmp(body.command) };
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/agent',
    summary: 'Run a guest-agent command (calls from every client are serialised)',
    access: 'vm.agent',
    schema: { params: VmId, body: AgentCommand, response: ReturnValue },
    audit: 'vm.agent',
    async handler({ params, body }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      const timeout = body.timeoutMs ?? AGENT_TIMEOUT_MS;
      const agent = await managed.agentClient(timeout);
      return { return: await agent.executeUntyped(body.execute, body.arguments, { timeout }) };
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/tickets',
    summary: 'A single-use ticket for a console stream of this VM (valid 30 s)',
    access: 'vm.read',
    schema: { params: VmId, body: TicketRequest, response: Ticket },
    handler({ params, body, principal }, ctx) {
      const { id } = ctx.definitions.get(resolveId(ctx, params.id));
      return ctx.tickets.issue(principal.userId, id, body.kind as StreamKind);
    },
  }),
];
