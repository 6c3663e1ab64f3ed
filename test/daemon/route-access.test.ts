/**
 * Every route of the OpenAPI document, called without credentials and with
 * each role: a route added later is walked too, so none can be left open.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../../src/api-client/client.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { adminClient, inProcessDaemon, tempDirs } from './support/daemon.js';

type Role = 'admin' | 'operator' | 'viewer';

/** Which access levels each role passes, written out here independently of the daemon's table. */
const EXPECTED: Record<Role, readonly string[]> = {
  viewer: ['authenticated', 'vm.read', 'vm.monitor'],
  operator: ['authenticated', 'vm.read', 'vm.monitor', 'vm.control', 'vm.agent'],
  admin: [
    'authenticated',
    'vm.read',
    'vm.monitor',
    'vm.control',
    'vm.agent',
    'vm.define',
    'audit.read',
    'users.manage',
  ],
};

interface Operation {
  method: string;
  path: string;
  access: string;
  judgesEachVm: boolean;
}

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let operations: Operation[];
const tokens: Partial<Record<Role, string>> = {};
/** A viewer with an operator grant on one stopped VM, and that VM's id. */
let granted: { token: string; vmId: string; client: ApiClient };
let admin: ApiClient;

before(async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  admin = await adminClient(daemon.url);
  tokens.admin = (await admin.createToken('walk')).token;
  for (const role of ['operator', 'viewer'] as const) {
    await admin.createUser(role, `${role}-password`, role);
    const client = new ApiClient({ baseUrl: daemon.url });
    await client.login(role, `${role}-password`);
    tokens[role] = (await client.createToken('walk')).token;
  }
  await admin.createUser('granted', 'granted-password', 'viewer');
  const grantedClient = new ApiClient({ baseUrl: daemon.url });
  await grantedClient.login('granted', 'granted-password');
  const { token } = await grantedClient.createToken('walk');
  const vm = await admin.defineVm({ spec: { name: 'granted-vm', machine: 'none' } });
  await admin.grant('granted', 'granted-vm', 'operator');
  granted = { token, vmId: vm.id, client: new ApiClient({ baseUrl: daemon.url, token }) };
  const document = (await admin.request('GET', '/openapi.json')) as {
    paths: Record<
      string,
      Record<string, { 'x-qmon-access': string; 'x-qmon-judges-each-vm'?: boolean }>
    >;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      access: operation['x-qmon-access'],
      judgesEachVm: operation['x-qmon-judges-each-vm'] === true,
    })),
  );
});

after(async () => {
  await daemon?.close();
  await dirs?.remove();
});

/** A concrete URL: ids that name nothing, so allowed calls fail later (404/400), never act. */
function concrete(path: string, vmId = '00000000-0000-4000-8000-000000000000'): string {
  return path
    .replace('{id}', vmId)
    .replace('{vm}', vmId)
    .replace('{action}', 'start')
    .replace('{kind}', 'serial');
}

async function call(operation: Operation, token?: string, vmId?: string): Promise<number> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (operation.method !== 'GET') headers['content-type'] = 'application/json';
  // On a real VM the action is reset, which a stopped VM refuses (409): nothing acts.
  const url = vmId
    ? concrete(operation.path, vmId).replace('/start', '/reset')
    : concrete(operation.path);
  const response = await fetch(`${daemon.url}${url}`, {
    method: operation.method,
    headers,
    ...(operation.method !== 'GET' ? { body: '{}' } : {}),
  });
  const body = await response.text();
  if (response.headers.get('content-type')?.includes('json')) JSON.parse(body);
  return response.status;
}

test('the document lists every route, each with an access level', () => {
  assert.ok(operations.length >= 25, `only ${operations.length} operations`);
  for (const operation of operations)
    assert.ok(operation.access, `${operation.method} ${operation.path}`);
  const paths = operations.map((operation) => `${operation.method} ${operation.path}`);
  for (const expected of [
    'GET /api/v1/vms',
    'POST /api/v1/vms/{id}/qmp',
    'GET /api/v1/ws',
    'GET /api/v1/vms/{id}/console/{kind}',
    'GET /api/v1/audit',
  ])
    assert.ok(paths.includes(expected), expected);
});

test('without credentials every route but login answers 401', async () => {
  for (const operation of operations) {
    const status = await call(operation);
    if (operation.access === 'public')
      assert.notEqual(status, 401, `${operation.method} ${operation.path}`);
    else assert.equal(status, 401, `${operation.method} ${operation.path}`);
  }
});

test('a bad token is refused like none', async () => {
  for (const operation of operations.filter((op) => op.access !== 'public'))
    assert.equal(
      await call(operation, 'qmon_not-a-token'),
      401,
      `${operation.method} ${operation.path}`,
    );
});

for (const role of ['viewer', 'operator', 'admin'] as const) {
  test(`role ${role}: 403 exactly where the role may not`, async () => {
    for (const operation of operations) {
      if (operation.access === 'public') continue;
      const status = await call(operation, tokens[role]);
      const where = `${role} ${operation.method} ${operation.path} (${operation.access})`;
      // A console stream takes only its ticket: a token or cookie is no way in.
      if (operation.access === 'ticket') assert.equal(status, 401, where);
      else if (EXPECTED[role].includes(operation.access)) {
        assert.notEqual(status, 401, where);
        assert.notEqual(status, 403, where);
        assert.ok(status < 500, `${where}: ${status}`);
      } else assert.equal(status, 403, where);
    }
  });
}

test('a viewer with an operator grant on one VM: operator there, viewer elsewhere', async () => {
  const onVm = (access: string) => access.startsWith('vm.') && access !== 'vm.define';
  for (const operation of operations) {
    // A console stream takes only its ticket (the test above).
    if (operation.access === 'public' || operation.access === 'ticket') continue;
    const there = await call(operation, granted.token, granted.vmId);
    const where = `granted ${operation.method} ${operation.path} (${operation.access})`;
    if (EXPECTED[onVm(operation.access) ? 'operator' : 'viewer'].includes(operation.access)) {
      assert.notEqual(there, 403, `${where} on its VM`);
      assert.ok(there < 500, `${where}: ${there}`);
    } else assert.equal(there, 403, `${where} on its VM`);
    // Elsewhere the grant counts for nothing (a route that judges each VM lets in, then judges).
    const elsewhere = await call(operation, granted.token);
    if (EXPECTED.viewer.includes(operation.access) || operation.judgesEachVm)
      assert.notEqual(elsewhere, 403, `${where} elsewhere`);
    else assert.equal(elsewhere, 403, `${where} elsewhere`);
  }
});

test('grants: by VM name too, judged per VM in bulk, in monitor policies; revoked, and gone with the VM', async () => {
  await admin.defineVm({ spec: { name: 'other-vm', machine: 'none' } });
  await admin.bulkAction('start', ['granted-vm', 'other-vm']);
  try {
    // The operator's policy on its VM (stop changes something), the viewer's elsewhere.
    assert.deepEqual(await granted.client.qmp('granted-vm', 'stop'), {});
    await assert.rejects(granted.client.qmp('other-vm', 'stop'), {
      status: 403,
      code: 'MONITOR_COMMAND_REFUSED',
    });
    assert.equal((await granted.client.vmAction('granted-vm', 'resume')).state, 'running');
    await assert.rejects(granted.client.vmAction('other-vm', 'pause'), { status: 403 });
    const bulk = await granted.client.bulkAction('pause', ['granted-vm', 'other-vm']);
    assert.deepEqual(
      bulk.results.map((result) => [result.id, result.ok, result.error?.code]),
      [
        ['granted-vm', true, undefined],
        ['other-vm', false, 'FORBIDDEN'],
      ],
    );
    assert.equal((await admin.getVm('other-vm')).state, 'running');
    assert.deepEqual(
      (await admin.listGrants('granted')).map((grant) => [grant.vmName, grant.role]),
      [['granted-vm', 'operator']],
    );
    await admin.revokeGrant('granted', 'granted-vm');
    await assert.rejects(granted.client.vmAction('granted-vm', 'resume'), { status: 403 });
    await assert.rejects(admin.revokeGrant('granted', 'granted-vm'), { status: 404 });
    // A grant goes with its VM.
    await admin.grant('granted', 'other-vm', 'admin');
    await admin.bulkAction('kill', ['granted-vm', 'other-vm']);
    await granted.client.undefineVm('other-vm');
    assert.deepEqual(await admin.listGrants(), []);
  } finally {
    await admin.bulkAction('kill', ['granted-vm', 'other-vm']).catch(() => {});
    await admin.grant('granted', 'granted-vm', 'operator');
  }
});

test('fuzz: random input to every route gets a JSON 4xx or success, never a 5xx or a crash', async () => {
  const fc = (await import('fast-check')).default;
  const writable = operations.filter(
    (operation) =>
      operation.access !== 'public' &&
      operation.access !== 'ticket' &&
      !operation.path.endsWith('/ws'),
  );
  const segment = fc.oneof(
    fc.string(),
    fc.uuid(),
    fc.constantFrom('..', '%00', 'start', 'a/b', ' '),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...writable),
      segment,
      fc.oneof(fc.jsonValue(), fc.object(), fc.string()),
      fc.dictionary(fc.constantFrom('after', 'limit', 'x'), fc.string()),
      async (operation, id, body, query) => {
        const path = operation.path
          .replace('{id}', encodeURIComponent(id || 'x'))
          .replace('{action}', 'reset');
        const search = new URLSearchParams(query).toString();
        const response = await fetch(`${daemon.url}${path}${search ? `?${search}` : ''}`, {
          method: operation.method,
          headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
          ...(operation.method !== 'GET'
            ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
            : {}),
        });
        const text = await response.text();
        assert.ok(response.status < 500, `${operation.method} ${path}: ${response.status} ${text}`);
        if (response.status >= 400) assert.ok(JSON.parse(text).error.code, text);
      },
    ),
    { numRuns: 400 },
  );
  assert.equal(
    (
      await fetch(`${daemon.url}/api/v1/host`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      })
    ).status,
    200,
  );
});
