import { refuseHmp, refuseQmp } from '../../mux/policy.js';
import { MONITOR_POLICIES, roleOn } from '../auth/roles.js';
import { type StreamKind, TICKET_LIFETIME_MS } from '../auth/tickets.js';
import { ConflictError, MonitorCommandRefusedError } from '../errors.js';
import { findLibvirtDomain } from '../libvirt/libvirt-vms.js';
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
      // One lookup on this hot path: a VM not defined here may be a libvirt domain.
      const ownId = ctx.definitions.idOf(params.id);
      const id = ownId ?? params.id;
      const role = roleOn(principal, id);
      const refusal = refuseQmp(MONITOR_POLICIES[role], body.execute, body.arguments);
      if (refusal) throw new MonitorCommandRefusedError(refusal.command, role, refusal.reason);
      const domain = ownId === undefined ? findLibvirtDomain(ctx, params.id) : undefined;
      if (domain)
        return { return: await domain.source.qmp(domain.entry, body.execute, body.arguments) };
      const managed = ctx.owner.requireRunning(id);
      return { return: await managed.qmp(body.execute, body.arguments) };
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
      const domain = findLibvirtDomain(ctx, params.id);
      if (domain) return { return: await domain.source.hmp(domain.entry, body.command) };
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
      const timeout = body.timeoutMs ?? AGENT_TIMEOUT_MS;
      const domain = findLibvirtDomain(ctx, params.id);
      if (domain) {
        const result = await domain.source.agent(
          domain.entry,
          body.execute,
          body.arguments,
          timeout,
        );
        return { return: result };
      }
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
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
    async handler({ params, body, principal }, ctx) {
      if (findLibvirtDomain(ctx, params.id))
        throw new ConflictError("a libvirt domain's consoles are not served by qmon yet");
      const { id } = ctx.definitions.get(resolveId(ctx, params.id));
      if (body.kind !== 'vnc')
        return ctx.tickets.issue(principal.userId, id, body.kind as StreamKind);
      const managed = ctx.owner.requireRunning(id);
      if (!managed.vm.spec.vnc) throw new ConflictError('the VM has no VNC server (spec: vnc)');
      // The password outlives the ticket a little: the viewer authenticates right after connecting.
      const password = await managed.vncPassword.issue(TICKET_LIFETIME_MS + 5_000);
      return { ...ctx.tickets.issue(principal.userId, id, 'vnc'), password };
    },
  }),
];
