/**
 * A resolved spec and its runtime paths → QEMU's argv (after the binary).
 * No shell is ever involved: each element reaches QEMU as written, so the
 * only parsing to guard against is QEMU's own (see qemu-option.ts). Every
 * option is documented in docs/confinement.md; nothing is left to QEMU's
 * defaults that could surprise (no default devices, no user config, no
 * `-drive`, no format probing).
 */

import type { InheritedFd } from './disk-files.js';
import { chainBlockdev } from './disk-image.js';
import { jsonOption, keyValueOption } from './qemu-option.js';
import type { RuntimePaths } from './runtime-dir.js';
import { sandboxOption } from './sandbox.js';
import type { ResolvedSpec } from './spec.js';

export interface ArgvOptions {
  /** What QEMU opens instead of the spec's kernel and initrd, e.g. `/proc/self/fd/3`. */
  kernelPath?: string;
  initrdPath?: string;
  /** Disk layers QEMU inherits as fds in fd sets (as root, see disk-files.ts), instead of paths. */
  diskFiles?: {
    addFd: readonly InheritedFd[];
    filenames: ReadonlyMap<string, readonly string[]>;
  };
}

/** The device id of hotplug root port `n` (1-based). */
export function hotplugPortId(n: number): string {
  return `qmon-hp${n}`;
}

const HOTPLUG_CHASSIS_BASE = 128;
const VGA_DRIVERS = { std: 'VGA', virtio: 'virtio-vga', cirrus: 'cirrus-vga' } as const;

export function buildQemuArgv(
  spec: ResolvedSpec,
  paths: RuntimePaths,
  options: ArgvOptions = {},
): string[] {
  const argv: string[] = ['-nodefaults', '-no-user-config', '-display', 'none'];
  argv.push('-msg', 'timestamp=on');
  argv.push('-sandbox', sandboxOption(spec.sandbox));
  argv.push('-name', keyValueOption('name', [['guest', spec.name]]));
  argv.push(
    '-machine',
    keyValueOption('machine', [['type', spec.machine], ...Object.entries(spec.machineOptions)]),
  );
  argv.push('-accel', spec.accel);
  if (spec.cpu !== undefined) argv.push('-cpu', spec.cpu);
  argv.push('-smp', String(spec.cpus));
  if (spec.memoryMiB > 0) argv.push('-m', `${spec.memoryMiB}M`);
  if (spec.paused) argv.push('-S');
  if (spec.incoming) argv.push('-incoming', 'defer');
  if (spec.noReboot) argv.push('-no-reboot');
  // -pidfile, -kernel, -initrd and -append take their argument whole: no escaping applies.
  argv.push('-pidfile', paths.pidfile);
  if (spec.kernel !== undefined) argv.push('-kernel', options.kernelPath ?? spec.kernel);
  if (spec.initrd !== undefined) argv.push('-initrd', options.initrdPath ?? spec.initrd);
  if (spec.append !== undefined) argv.push('-append', spec.append);

  argv.push('-chardev', socketChardev('qmon-qmp', paths.qmp));
  argv.push('-mon', 'chardev=qmon-qmp,mode=control');
  argv.push('-chardev', socketChardev('qmon-hmp', paths.hmp));
  argv.push('-mon', 'chardev=qmon-hmp,mode=readline');

  if (spec.hotplugPorts > 0) {
    // Without guest ACPI cooperation, unplug from a root port then completes at once.
    argv.push('-global', 'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off');
    for (let n = 1; n <= spec.hotplugPorts; n++) {
      argv.push(
        '-device',
        jsonOption('hotplugPorts', {
          driver: 'pcie-root-port',
          id: hotplugPortId(n),
          bus: 'pcie.0',
          chassis: HOTPLUG_CHASSIS_BASE + n,
          slot: 0,
        }),
      );
    }
  }
  if (spec.vga !== 'none') {
    argv.push('-device', jsonOption('vga', { driver: VGA_DRIVERS[spec.vga], id: 'qmon-vga' }));
  }
  if (spec.vnc) {
    // Viewers never kick each other; nobody gets in before a password is set (QMP set_password).
    const vnc = keyValueOption('vnc', [
      ['vnc', `unix:${paths.vnc}`],
      ['share', 'force-shared'],
      ['password', true],
    ]);
    argv.push('-vnc', vnc);
  }
  if (spec.serial) {
    // A client of qmon's serial keeper, which logs (bounded) and serves the consoles.
    const serial = keyValueOption('chardev qmon-serial', [
      ['id', 'qmon-serial'],
      ['path', paths.serialQemu],
      ['server', false],
    ]);
    argv.push('-chardev', `socket,${serial}`, '-serial', 'chardev:qmon-serial');
  }
  if (spec.guestAgent) {
    argv.push('-chardev', socketChardev('qmon-qga', paths.qga));
    argv.push(
      '-device',
      jsonOption('guestAgent', { driver: 'virtio-serial-pci', id: 'qmon-vser' }),
    );
    argv.push(
      '-device',
      jsonOption('guestAgent', {
        driver: 'virtserialport',
        bus: 'qmon-vser.0',
        chardev: 'qmon-qga',
        name: 'org.qemu.guest_agent.0',
      }),
    );
  }
  if (spec.balloon) {
    argv.push(
      '-device',
      jsonOption('balloon', { driver: 'virtio-balloon-pci', id: 'qmon-balloon' }),
    );
  }
  for (const { fd, set, path } of options.diskFiles?.addFd ?? []) {
    argv.push(
      '-add-fd',
      keyValueOption('disks', [
        ['fd', fd],
        ['set', set],
        ['opaque', path],
      ]),
    );
  }
  spec.disks.forEach((disk, i) => {
    const layers = disk.layers ?? [{ path: disk.path, format: disk.format, protocol: 'file' }];
    const filenames = options.diskFiles?.filenames.get(disk.id);
    argv.push(
      '-blockdev',
      jsonOption(`disks[${i}]`, chainBlockdev(disk.id, layers, disk.readOnly, filenames)),
    );
    argv.push(
      '-device',
      jsonOption(`disks[${i}]`, { driver: disk.model, drive: disk.id, id: disk.id }),
    );
  });
  spec.nics.forEach((nic, i) => {
    argv.push(
      '-netdev',
      jsonOption(`nics[${i}]`, {
        type: 'user',
        id: `${nic.id}-user`,
        ...(nic.hostForwards.length
          ? {
              hostfwd: nic.hostForwards.map((f) => ({
                str: `${f.protocol}:${f.hostAddress}:${f.hostPort}-:${f.guestPort}`,
              })),
            }
          : {}),
      }),
    );
    argv.push(
      '-device',
      jsonOption(`nics[${i}]`, {
        driver: nic.model,
        netdev: `${nic.id}-user`,
        id: nic.id,
        ...(nic.mac ? { mac: nic.mac } : {}),
      }),
    );
  });
  spec.devices.forEach((device, i) => {
    argv.push('-device', jsonOption(`devices[${i}]`, device));
  });
  argv.push(...spec.extraArgs);
  return argv;
}

function socketChardev(
  id: string,
  path: string,
  more: readonly (readonly [string, string | boolean])[] = [],
): string {
  const options = keyValueOption(`chardev ${id}`, [
    ['id', id],
    ['path', path],
    ['server', true],
    ['wait', false],
    ...more,
  ]);
  return `socket,${options}`;
}
