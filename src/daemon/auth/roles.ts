/**
 * Who may do what: one function, `permits`, which judges a user's role on
 * every VM together with their per-VM grants (grants.ts). QMP and HMP
 * commands are judged further by the policy of the role that counts on the
 * VM, with the multiplexer's own policy module.
 */
import type { ListenerPolicy } from '../../mux/policy.js';

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a request wants to do. */
export type Permission =
  | 'vm.read'
  | 'vm.control'
  | 'vm.define'
  | 'vm.monitor'
  | 'vm.agent'
  | 'audit.read'
  | 'users.manage';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['vm.read', 'vm.monitor']),
  operator: new Set(['vm.read', 'vm.monitor', 'vm.control', 'vm.agent']),
  admin: new Set([
    'vm.read',
    'vm.monitor',
    'vm.control',
    'vm.agent',
    'vm.define',
    'audit.read',
    'users.manage',
  ]),
};

/** The monitor commands each role may run (viewer: nothing that changes anything). */
export const MONITOR_POLICIES: Record<Role, ListenerPolicy> = {
  viewer: { readOnly: true },
  operator: { deny: ['@host-access'] },
  admin: {},
};

export interface Principal {
  userId: string;
  name: string;
  /** The user's role on every VM (and the only one for what is not about a VM). */
  role: Role;
  /** Roles on single VMs, by VM id; absent or empty when there are none. */
  grants?: ReadonlyMap<string, Role>;
  /** How the request was authenticated. */
  via: 'session' | 'token' | 'ticket';
}

/** Permissions about a VM, which a grant on that VM can give. */
const VM_PERMISSIONS: ReadonlySet<Permission> = new Set([
  'vm.read',
  'vm.monitor',
  'vm.control',
  'vm.agent',
  'vm.define',
]);

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** The role that counts for `principal` on VM `vmId`: the higher of their role and their grant there. */
export function roleOn(principal: Principal, vmId: string | undefined): Role {
  const granted = vmId === undefined ? undefined : principal.grants?.get(vmId);
  return granted !== undefined && RANK[granted] > RANK[principal.role] ? granted : principal.role;
}

/**
 * Whether `principal` may do `permission`: on VM `vmId` (its id, not its
 * name) when given, else anywhere. Grants count only for permissions about a
 * VM, and only on their VM.
 */
export function permits(principal: Principal, permission: Permission, vmId?: string): boolean {
  const role = VM_PERMISSIONS.has(permission) ? roleOn(principal, vmId) : principal.role;
  return GRANTS[role].has(permission);
}

/** Whether `principal` may do `permission` on at least one VM (for routes that judge each VM). */
export function permitsOnSomeVm(principal: Principal, permission: Permission): boolean {
  if (permits(principal, permission)) return true;
  if (!VM_PERMISSIONS.has(permission)) return false;
  return [...(principal.grants?.values() ?? [])].some((role) => GRANTS[role].has(permission));
}
