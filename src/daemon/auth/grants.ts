/**
 * Per-VM grants: a role for one user on one VM, beside the user's role on
 * every VM (e.g. viewer everywhere, operator on vm-a). A grant only widens:
 * the role that counts on a VM is the higher of the two (roles.ts).
 */
import { BadRequestError, NotFoundError } from '../errors.js';
import type { Store } from '../store/database.js';
import { ROLES, type Role } from './roles.js';

export interface Grant {
  userId: string;
  userName: string;
  vmId: string;
  vmName: string;
  role: Role;
  createdAt: string;
}

const SELECT = `SELECT g.user_id AS userId, u.name AS userName, g.vm_id AS vmId, v.name AS vmName,
  g.role, g.created_at AS createdAt
  FROM grants g JOIN users u ON u.id = g.user_id JOIN vms v ON v.id = g.vm_id`;

export class Grants {
  constructor(private readonly store: Store) {}

  /** Gives `userId` `role` on `vmId`, replacing a grant it had there. */
  set(userId: string, vmId: string, role: Role): Grant {
    if (!ROLES.includes(role)) throw new BadRequestError('role', `one of ${ROLES.join(', ')}`);
    this.store.write((db) => {
      if (!db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId))
        throw new NotFoundError('user', userId);
      if (!db.prepare('SELECT 1 FROM vms WHERE id = ?').get(vmId))
        throw new NotFoundError('VM', vmId);
      db.prepare(
        `INSERT INTO grants (user_id, vm_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, vm_id) DO UPDATE SET role = excluded.role`,
      ).run(userId, vmId, role, new Date().toISOString());
    });
    return this.list(userId).find((grant) => grant.vmId === vmId)!;
  }

  revoke(userId: string, vmId: string): void {
    this.store.write((db) => {
      const deleted = db
        .prepare('DELETE FROM grants WHERE user_id = ? AND vm_id = ?')
        .run(userId, vmId).changes;
      if (deleted === 0) throw new NotFoundError('grant', `${userId} on ${vmId}`);
    });
  }

  /** Every grant, or those of one user. */
  list(userId?: string): Grant[] {
    return this.store.read((db) =>
      userId === undefined
        ? (db.prepare(`${SELECT} ORDER BY u.name, v.name`).all() as Grant[])
        : (db.prepare(`${SELECT} WHERE g.user_id = ? ORDER BY v.name`).all(userId) as Grant[]),
    );
  }

  /** A user's grants by VM id, for each authenticated request (one indexed read). */
  forUser(userId: string): ReadonlyMap<string, Role> {
    const rows = this.store.read(
      () =>
        this.store
          .statement('SELECT vm_id AS vmId, role FROM grants WHERE user_id = ?')
          .all(userId) as { vmId: string; role: Role }[],
    );
    return new Map(rows.map((row) => [row.vmId, row.role]));
  }
}
