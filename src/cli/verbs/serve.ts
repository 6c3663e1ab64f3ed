import { randomBytes } from 'node:crypto';
import { DEFAULT_LISTEN, startDaemon } from '../../daemon/daemon.js';
import { defaultStateDir } from '../../daemon/state-dir.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Options } from '../verb.js';
import type { serveOptions } from '../verb-options.js';

/** A systemd unit running this qmon as the daemon (nothing requires systemd: it is printed, not installed). */
function systemdUnit(options: Options<typeof serveOptions>): string {
  const args = ['serve'];
  if (options.listen) args.push('--listen', String(options.listen));
  if (options.stateDir) args.push('--state-dir', String(options.stateDir));
  if (options.tlsCert) args.push('--tls-cert', String(options.tlsCert));
  if (options.tlsKey) args.push('--tls-key', String(options.tlsKey));
  for (const uri of options.libvirt ?? []) args.push('--libvirt', uri);
  const given: Record<string, unknown> = options;
  for (const flag of [
    'fleet',
    'hostName',
    'fleetCreds',
    'fleetNkey',
    'fleetUser',
    'fleetCa',
    'fleetCert',
    'fleetKey',
    'fleetAddress',
  ])
    if (given[flag])
      args.push(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(given[flag]));
  const bin = process.argv[1] ?? 'qmon';
  return `[Unit]
Description=qmon daemon: owns this host's QEMU VMs
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=${process.execPath} ${bin} ${args.join(' ')}
# VMs outlive the daemon: stop only the daemon, never its QEMUs.
KillMode=process
Restart=on-failure
RestartSec=2
StateDirectory=qmon
StateDirectoryMode=0700

[Install]
WantedBy=multi-user.target
`;
}

function replicas(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new UsageError(`--fleet-replicas ${text}: give 1 to 5 (NATS JetStream's limit)`);
  return n;
}

async function fleetOptions(options: Record<string, unknown>, log: (message: string) => void) {
  const { fleetExtension } = await import('../../fleet/join.js');
  const text = (name: string) =>
    typeof options[name] === 'string' ? (options[name] as string) : undefined;
  const password = process.env.QMON_FLEET_PASSWORD;
  const given = ['fleetCreds', 'fleetNkey', 'fleetUser'].filter((name) => text(name));
  if (given.length > 1)
    throw new UsageError('--fleet-creds, --fleet-nkey and --fleet-user: give one of them');
  return fleetExtension({
    servers: String(options.fleet)
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    ...(text('hostName') ? { hostName: text('hostName') } : {}),
    ...(text('fleetCreds') ? { credsFile: text('fleetCreds') } : {}),
    ...(text('fleetNkey') ? { nkeySeedFile: text('fleetNkey') } : {}),
    ...(text('fleetUser') ? { user: text('fleetUser'), ...(password ? { password } : {}) } : {}),
    ...(text('fleetCa') ? { tlsCa: text('fleetCa') } : {}),
    ...(text('fleetCert') ? { tlsCert: text('fleetCert') } : {}),
    ...(text('fleetKey') ? { tlsKey: text('fleetKey') } : {}),
    ...(text('fleetAddress') ? { address: text('fleetAddress') } : {}),
    ...(text('fleetReplicas') ? { replicas: replicas(text('fleetReplicas')!) } : {}),
    log,
  });
}

export async function run(
  context: CliContext,
  _args: string[],
  options: Options<typeof serveOptions>,
) {
  if (options.printUnit) {
    context.out(systemdUnit(options).trimEnd());
    return 0;
  }
  if (options.printHostId) {
    const { hostIdOf } = await import('../../daemon/store/database.js');
    context.out(hostIdOf(options.stateDir ?? defaultStateDir()));
    return 0;
  }
  let initAdmin: { name: string; password: string } | undefined;
  if (typeof options.initAdmin === 'string') {
    const given = process.env.QMON_ADMIN_PASSWORD;
    const password = given ?? randomBytes(15).toString('base64url');
    initAdmin = { name: options.initAdmin, password };
    if (!given)
      context.err(`qmon serve: password of ${options.initAdmin}: ${password} (shown once)`);
  }
  const log = (message: string) => context.err(`qmon serve: ${message}`);
  const fleet = typeof options.fleet === 'string' ? await fleetOptions(options, log) : undefined;
  const daemon = await startDaemon({
    listen: options.listen ?? DEFAULT_LISTEN,
    stateDir: options.stateDir ?? defaultStateDir(),
    ...(options.tlsCert ? { tlsCert: options.tlsCert } : {}),
    ...(options.tlsKey ? { tlsKey: options.tlsKey } : {}),
    ...(initAdmin ? { initAdmin } : {}),
    libvirt: options.libvirt ?? [],
    log,
    ...(fleet ? { extend: fleet } : {}),
  });
  process.on('unhandledRejection', (reason) =>
    context.err(
      `qmon serve: unhandled: ${reason instanceof Error ? reason.stack : String(reason)}`,
    ),
  );
  context.err(`qmon serve: listening on ${daemon.url} (state in ${daemon.stateDir})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  context.err('qmon serve: stopping; VMs keep running');
  await daemon.close();
  return 0;
}
