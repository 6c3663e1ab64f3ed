/** The dashboard offers exactly what the daemon's role table grants. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { permits, ROLES } from '../../src/daemon/auth/roles.js';
import { can, PERMISSIONS } from '../../web/src/lib/roles.js';

test('the dashboard’s role table is the daemon’s', () => {
  for (const role of ROLES)
    for (const permission of PERMISSIONS)
      assert.equal(
        can(role, permission),
        permits({ userId: 'u', name: 'u', role, via: 'session' }, permission),
        `${role} ${permission}`,
      );
});
