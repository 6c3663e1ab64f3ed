/**
 * What each role may do, as the daemon's role table grants it, so the pages
 * offer only that (the daemon still decides; a test keeps the two equal).
 */
import type { Role } from '../../../src/api-client/types.js';

export type Permission =
  | 'vm.read'
  | 'vm.monitor'
  | 'vm.control'
  | 'vm.agent'
  | 'vm.define'
  | 'audit.read'
  | 'users.manage';

export const PERMISSIONS: readonly Permission[] = [
  'vm.read',
  'vm.monitor',
  'vm.control',
  'vm.agent',
  'vm.define',
  'audit.read',
  'users.manage',
];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['vm.read', 'vm.monitor']),
  operator: new Set(['vm.read', 'vm.monitor', 'vm.control', 'vm.agent']),
  admin: new Set(PERMISSIONS),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}
