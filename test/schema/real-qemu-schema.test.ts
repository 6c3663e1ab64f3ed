/**
 * The generated lists of the QEMU version under test (7.2 or 10.0, see
 * test/support/qemu-version.ts) against what that QEMU and its qemu-ga really
 * have: QMP's `query-qmp-schema` and QGA's `guest-info`. Plain child processes
 * and JSON lines, nothing from qmon's own clients.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildEnv } from '../../src/launch/qemu-build.js';
import { bundledSchema } from '../../src/schema/index.js';
import { qemuFacts, spawnQemu, testBuild } from '../support/qemu-version.js';
import { type IntrospectionEntry, structuralDifferences } from './introspection-compare.js';

const { qgaCommandMetadata, qgaCommandNames, qmpCommandMetadata, qmpCommandNames, qmpEventNames } =
  bundledSchema(qemuFacts.version)!;

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  if (isAbsolute(name)) dirs.splice(0, dirs.length, '/');
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {}
  }
  return undefined;
}

/** What is in one list and not the other, for a readable failure message. */
function differences(
  label: string,
  generated: readonly string[],
  real: readonly string[],
): string[] {
  const generatedSet = new Set(generated);
  const realSet = new Set(real);
  const missing = real.filter((name) => !generatedSet.has(name)).sort();
  const extra = generated.filter((name) => !realSet.has(name)).sort();
  return [
    ...(missing.length ? [`${label} in QEMU but not generated: ${missing.join(', ')}`] : []),
    ...(extra.length ? [`${label} generated but not in QEMU: ${extra.join(', ')}`] : []),
  ];
}

/** Sends one JSON request per call and returns the next message that is not an event. */
function jsonLineExchange(input: Readable, output: NodeJS.WritableStream) {
  const lines = createInterface({ input })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error('the peer closed its output');
      const message = JSON.parse(value) as Record<string, unknown>;
      if (!('event' in message)) return message;
    }
  };
  return {
    next,
    request: async (execute: string) => {
      output.write(`${JSON.stringify({ execute })}\n`);
      const reply = await next();
      if (!('return' in reply)) throw new Error(`${execute} failed: ${JSON.stringify(reply)}`);
      return reply.return;
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

interface SchemaEntry {
  name: string;
  'meta-type': string;
  'allow-oob'?: boolean;
  features?: string[];
}

const qemu = findExecutable(testBuild.qemuSystem);
const qemuGa = findExecutable(testBuild.qemuGa);

describe(`the generated lists against the real QEMU ${qemuFacts.version}`, () => {
  it('has exactly the commands and events of query-qmp-schema, with the same flags and structure', {
    skip: qemu ? false : 'qemu-system-x86_64 is not installed',
    timeout: 30_000,
  }, async () => {
    const child = spawnQemu(
      ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', 'stdio'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    try {
      const qmp = jsonLineExchange(child.stdout!, child.stdin!);
      const greeting = await qmp.next();
      assert.ok('QMP' in greeting, 'QEMU greets with a QMP banner');
      const { major, minor } = (greeting.QMP as { version: { qemu: Record<string, number> } })
        .version.qemu;
      assert.equal(`${major}.${minor}`, qemuFacts.version, 'the QEMU under test answered');
      await qmp.request('qmp_capabilities');
      const schema = (await qmp.request('query-qmp-schema')) as SchemaEntry[];
      const commands = schema.filter((entry) => entry['meta-type'] === 'command');
      const events = schema.filter((entry) => entry['meta-type'] === 'event');

      const problems = [
        ...differences(
          'commands',
          qmpCommandNames,
          commands.map((entry) => entry.name),
        ),
        ...differences(
          'events',
          qmpEventNames,
          events.map((entry) => entry.name),
        ),
      ];
      const flags = (name: string, entry: SchemaEntry) => {
        const metadata = qmpCommandMetadata[name as keyof typeof qmpCommandMetadata];
        if (metadata === undefined) return;
        const real = {
          allowOob: entry['allow-oob'] === true,
          deprecated: entry.features?.includes('deprecated') === true,
          unstable: entry.features?.includes('unstable') === true,
        };
        const ours = {
          allowOob: metadata.allowOob,
          deprecated: metadata.deprecated,
          unstable: metadata.unstable,
        };
        if (JSON.stringify(real) !== JSON.stringify(ours)) {
          problems.push(
            `${name}: QEMU says ${JSON.stringify(real)}, generated ${JSON.stringify(ours)}`,
          );
        }
      };
      for (const entry of commands) flags(entry.name, entry);
      const { qmpShape } = await bundledSchema(qemuFacts.version)!.loadShape();
      problems.push(...structuralDifferences(qmpShape, schema as IntrospectionEntry[]));
      assert.deepEqual(problems, []);
    } finally {
      await stop(child);
    }
  });

  it('has exactly the commands that qemu-ga lists in guest-info, with the same success-response', {
    skip: qemuGa ? false : 'qemu-ga is not installed',
    timeout: 30_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmon-schema-qga-'));
    const socketPath = join(dir, 'qga.sock');
    const child = spawn(
      qemuGa!,
      ['-m', 'unix-listen', '-p', socketPath, '-f', join(dir, 'pid'), '-t', dir],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: buildEnv(testBuild),
      },
    );
    try {
      for (let i = 0; i < 200 && !existsSync(socketPath) && child.exitCode === null; i++)
        await sleep(25);
      const socket = net.connect(socketPath);
      try {
        const agent = jsonLineExchange(socket, socket);
        const info = (await agent.request('guest-info')) as {
          supported_commands: Array<{ name: string; 'success-response': boolean }>;
        };
        assert.equal(
          (info as unknown as { version: string }).version,
          qemuFacts.full,
          'the qemu-ga under test answered',
        );
        const real = info.supported_commands;
        const problems = differences(
          'commands',
          qgaCommandNames,
          real.map((command) => command.name),
        );
        for (const command of real) {
          const metadata = qgaCommandMetadata[command.name as keyof typeof qgaCommandMetadata];
          if (metadata && metadata.successResponse !== command['success-response']) {
            problems.push(
              `${command.name}: success-response is ${command['success-response']} in qemu-ga`,
            );
          }
        }
        assert.deepEqual(problems, []);
      } finally {
        socket.destroy();
      }
    } finally {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
