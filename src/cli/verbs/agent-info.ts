/** The read-only agent verbs: `qmon agent ping|info|osinfo|ifaces|users|fsinfo|time TARGET`. */
import type { QgaClient } from '../../qga/qga-client.js';
import { stringifyJson } from '../../wire/exact-json.js';
import type { CliContext } from '../context.js';
import { formatBytes, formatFields, formatTable } from '../format-table.js';
import { callTimeout, withAgent } from '../qga-connection.js';
import type { Options } from '../verb.js';
import type { agentQueryOptions } from '../verb-options.js';

type QueryOptions = Options<typeof agentQueryOptions>;

/** Runs `query` on the agent, then prints its result as JSON with --json, else as `text` says. */
async function show<T>(
  context: CliContext,
  target: string,
  options: QueryOptions,
  query: (client: QgaClient, call: { timeout?: number }) => Promise<T>,
  text: (value: T) => string,
): Promise<number> {
  const value = await withAgent(context, target, options, (client) =>
    query(client, callTimeout(options)),
  );
  context.out(options.json ? stringifyJson(value)! : text(value));
  return 0;
}

export function ping(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    async (client, call) => {
      const started = performance.now();
      await client.execute('guest-ping', {}, call);
      return { ok: true, milliseconds: Math.round((performance.now() - started) * 100) / 100 };
    },
    (result) => `the agent answered in ${result.milliseconds} ms`,
  );
}

export function info(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    (client, call) => client.execute('guest-info', {}, call),
    (result) => {
      const commands = [...result.supported_commands].sort((a, b) => a.name.localeCompare(b.name));
      const disabled = commands.filter((command) => !command.enabled).length;
      const table = formatTable(
        ['COMMAND', 'ENABLED', 'REPLIES'],
        commands.map((command) => [
          command.name,
          command.enabled ? 'yes' : 'no',
          command['success-response'] ? 'yes' : 'only on error',
        ]),
      );
      return `qemu-ga ${result.version}: ${commands.length} commands, ${disabled} disabled\n\n${table}`;
    },
  );
}

export function osinfo(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    (client, call) => client.execute('guest-get-osinfo', {}, call),
    (os) =>
      formatFields([
        ['name', os['pretty-name'] ?? os.name],
        ['id', os.id],
        ['version', os.version],
        ['variant', os.variant],
        ['kernel', os['kernel-release']],
        ['kernel version', os['kernel-version']],
        ['machine', os.machine],
      ]),
  );
}

export function ifaces(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    (client, call) => client.execute('guest-network-get-interfaces', {}, call),
    (interfaces) =>
      interfaces.length === 0
        ? 'no network interfaces'
        : formatTable(
            ['NAME', 'MAC', 'ADDRESSES'],
            interfaces.map((iface) => [
              iface.name,
              iface['hardware-address'] ?? '-',
              (iface['ip-addresses'] ?? [])
                .map((address) => `${address['ip-address']}/${address.prefix}`)
                .join(', ') || '-',
            ]),
          ),
  );
}

export function users(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    (client, call) => client.execute('guest-get-users', {}, call),
    (list) =>
      list.length === 0
        ? 'no users logged in'
        : formatTable(
            ['USER', 'DOMAIN', 'LOGIN TIME'],
            list.map((user) => [
              user.user,
              user.domain ?? '-',
              new Date(user['login-time'] * 1000).toISOString(),
            ]),
          ),
  );
}

export function fsinfo(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    (client, call) => client.execute('guest-get-fsinfo', {}, call),
    (filesystems) =>
      filesystems.length === 0
        ? 'no filesystems reported'
        : formatTable(
            ['MOUNTPOINT', 'TYPE', 'DEVICE', 'USED', 'TOTAL'],
            filesystems.map((fs) => [
              fs.mountpoint,
              fs.type,
              fs.name,
              fs['used-bytes'] === undefined ? '-' : formatBytes(Number(fs['used-bytes'])),
              fs['total-bytes'] === undefined ? '-' : formatBytes(Number(fs['total-bytes'])),
            ]),
          ),
  );
}

export function time(context: CliContext, [target]: string[], options: QueryOptions) {
  return show(
    context,
    target!,
    options,
    async (client, call) => {
      const before = Date.now();
      const nanoseconds = await client.timeNanoseconds(call);
      const host = (before + Date.now()) / 2;
      const ms = Number(nanoseconds / 1_000_000n);
      return {
        nanoseconds,
        time: new Date(ms).toISOString(),
        offsetMilliseconds: Math.round(ms - host),
      };
    },
    ({ time, offsetMilliseconds: offset }) =>
      `${time} (${Math.abs(offset)} ms ${offset >= 0 ? 'ahead of' : 'behind'} the host clock)`,
  );
}
