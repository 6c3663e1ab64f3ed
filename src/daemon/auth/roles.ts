/**
 * Who may do what: one function, `permits`, so per-VM grants can be added in
 * one place later. QMP and HMP commands are judged further by the role's
 * policy, with the multiplexer's own policy module.
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
  role: Role;
  /** How the request was authenticated. */
  via: 'session' | 'token' | 'ticket';
}

/** Whether `principal` may do `permission` (on VM `vmId`, for per-VM grants to come). */
export function permits(principal: Principal, permission: Permission, _vmId?: string): boolean {
  return GRANTS[principal.role].has(permission);
}
