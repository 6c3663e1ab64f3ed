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
}

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let operations: Operation[];
const tokens: Partial<Record<Role, string>> = {};

before(async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  const admin = await adminClient(daemon.url);
  tokens.admin = (await admin.createToken('walk')).token;
  for (const role of ['operator', 'viewer'] as const) {
    await admin.createUser(role, `${role}-password`, role);
    const client = new ApiClient({ baseUrl: daemon.url });
    await client.login(role, `${role}-password`);
    tokens[role] = (await client.createToken('walk')).token;
  }
  const document = (await admin.request('GET', '/openapi.json')) as {
    paths: Record<string, Record<string, { 'x-qmon-access': string }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      access: operation['x-qmon-access'],
    })),
  );
});

after(async () => {
  await daemon?.close();
  await dirs?.remove();
});

/** A concrete URL: ids that name nothing, so allowed calls fail later (404/400), never act. */
function concrete(path: string): string {
  return path
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace('{action}', 'start')
    .replace('{kind}', 'serial');
}

async function call(operation: Operation, token?: string): Promise<number> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (operation.method !== 'GET') headers['content-type'] = 'application/json';
  const response = await fetch(`${daemon.url}${concrete(operation.path)}`, {
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
