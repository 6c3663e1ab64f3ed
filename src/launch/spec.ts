/**
 * The VM spec: what a caller asks for. `resolveSpec` checks it and fills in
 * defaults and ids, so the argv builder and the supervisor work from one
 * complete, valid value (which is also what the state file records).
 */
import { resolve } from 'node:path';
import type { ImageLayer } from './disk-image.js';
import { InvalidSpecError } from './errors.js';
import { checkArgString, checkQemuId, type OptionScalar } from './qemu-option.js';
import { checkVmName } from './runtime-dir.js';
import { type ResolvedSandbox, resolveSandbox, type SandboxSpec } from './sandbox.js';

export type Accel = 'tcg' | 'kvm';
export type DiskFormat = 'qcow2' | 'raw';
export type VgaModel = 'std' | 'virtio' | 'cirrus' | 'none';

export interface DiskSpec {
  /** Block node name and device id (`disk0`, `disk1`... when absent; at most 22 characters). */
  id?: string;
  path: string;
  /**
   * How QEMU reads the image; never probed from its content. Default: `qcow2`
   * when the path ends in `.qcow2`, else `raw`.
   */
  format?: DiskFormat;
  readOnly?: boolean;
  /**
   * The device model (default `virtio-blk-pci`; `ide-hd` on the built-in AHCI
   * of q35; `ide-cd` a CD-ROM drive there, for booting an ISO image, always read-only).
   */
  model?: DiskModel;
}

export type DiskModel = 'virtio-blk-pci' | 'ide-hd' | 'ide-cd';
const DISK_MODELS: readonly string[] = ['virtio-blk-pci', 'ide-hd', 'ide-cd'];

export interface HostForward {
  protocol?: 'tcp' | 'udp';
  /** Host address to listen on (default 127.0.0.1). */
  hostAddress?: string;
  hostPort: number;
  guestPort: number;
}

export interface NicSpec {
  /** The NIC's device id (`nic0`... when absent); its user-mode backend is `<id>-user`. */
  id?: string;
  /** Default `virtio-net-pci`. */
  model?: string;
  mac?: string;
  hostForwards?: HostForward[];
}

/** Any `-device`, given as its JSON properties. */
export interface DeviceSpec {
  driver: string;
  id?: string;
  [property: string]: unknown;
}

export interface VmSpec {
  /** Names the runtime folder and the guest (`-name`): no `/`, not `.` or `..`, no NUL. */
  name: string;
  /** Machine type (default `q35`); `none` gives a machine with nothing in it. */
  machine?: string;
  machineOptions?: Record<string, OptionScalar>;
  /** Default `tcg`. `kvm` is probed before use, since /dev/kvm existing does not mean it works. */
  accel?: Accel;
  cpu?: string;
  cpus?: number;
  memoryMiB?: number;
  kernel?: string;
  initrd?: string;
  append?: string;
  disks?: DiskSpec[];
  nics?: NicSpec[];
  devices?: DeviceSpec[];
  /** PCIe root ports kept free for hotplug on q35 (default 2). */
  hotplugPorts?: number;
  /** Graphics card (default `std`; none on machine `none`). */
  vga?: VgaModel;
  /**
   * A VNC server on `vnc.sock` in the runtime folder, shared by all viewers
   * (`share=force-shared`) and closed until a password is set with QMP
   * `set_password` (`password=on`).
   */
  vnc?: boolean;
  /** The guest serial console on `serial.sock`, logged to `serial.log` (default on, except machine `none`). */
  serial?: boolean;
  /** The guest-agent channel on `qga.sock` (default on, except machine `none`). */
  guestAgent?: boolean;
  /** A virtio balloon device, for `balloon()`. */
  balloon?: boolean;
  /** Start with the CPUs stopped (`-S`). */
  paused?: boolean;
  /** Wait for an incoming migration or a restore (`-incoming defer`). */
  incoming?: boolean;
  /** Exit instead of rebooting when the guest reboots. */
  noReboot?: boolean;
  /** Appended to the argv as they are, after everything qmon generates. */
  extraArgs?: string[];
  /**
   * Files, or folders, a qcow2 disk's backing file may be in (default: none,
   * so an image that names a backing file is refused). See docs/confinement.md.
   */
  allowedBackingPaths?: string[];
  /** Relaxes one item of QEMU's seccomp sandbox, e.g. `{ spawn: 'allow' }`; all are denied by default. */
  sandbox?: SandboxSpec;
}

export interface ResolvedDisk {
  id: string;
  path: string;
  format: DiskFormat;
  readOnly: boolean;
  model: DiskModel;
  /** The image and its backing files, top first, as inspected at start (see disk-image.ts). */
  layers?: ImageLayer[];
}

export interface ResolvedNic {
  id: string;
  model: string;
  mac?: string;
  hostForwards: Required<HostForward>[];
}

export interface ResolvedSpec {
  name: string;
  machine: string;
  machineOptions: Record<string, OptionScalar>;
  accel: Accel;
  cpu?: string;
  cpus: number;
  memoryMiB: number;
  kernel?: string;
  initrd?: string;
  append?: string;
  disks: ResolvedDisk[];
  nics: ResolvedNic[];
  devices: DeviceSpec[];
  hotplugPorts: number;
  vga: VgaModel;
  vnc: boolean;
  serial: boolean;
  guestAgent: boolean;
  balloon: boolean;
  paused: boolean;
  incoming: boolean;
  noReboot: boolean;
  extraArgs: string[];
  allowedBackingPaths: string[];
  sandbox: ResolvedSandbox;
}

/** Node names are made from disk ids (disk-image.ts), and QEMU allows 31 characters. */
export const MAX_DISK_ID_LENGTH = 22;
const NAME_LIKE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function resolveSpec(spec: VmSpec): ResolvedSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidSpecError('spec', 'not an object');
  const name = checkVmName(spec.name);
  const machine = spec.machine ?? 'q35';
  if (!NAME_LIKE.test(machine)) throw new InvalidSpecError('machine', 'not a machine type name');
  const bare = machine === 'none';
  if (spec.cpu !== undefined && !NAME_LIKE.test(spec.cpu)) {
    throw new InvalidSpecError('cpu', 'not a CPU model name (add features with extraArgs)');
  }
  const accel = spec.accel ?? 'tcg';
  if (accel !== 'tcg' && accel !== 'kvm') throw new InvalidSpecError('accel', 'tcg or kvm');
  for (const [field, path] of [
    ['kernel', spec.kernel],
    ['initrd', spec.initrd],
    ['append', spec.append],
  ] as const) {
    if (path !== undefined) checkArgString(field, path);
  }
  if ((spec.initrd !== undefined || spec.append !== undefined) && spec.kernel === undefined) {
    throw new InvalidSpecError('kernel', 'initrd and append need a kernel');
  }
  const machineOptions = { ...spec.machineOptions };
  for (const key of Object.keys(machineOptions)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(key) || key === 'type') {
      throw new InvalidSpecError(`machineOptions.${key}`, 'not a machine property name');
    }
  }
  const ids = new Set<string>();
  const claim = (field: string, id: string) => {
    checkQemuId(field, id);
    if (ids.has(id))
      throw new InvalidSpecError(field, `the id ${JSON.stringify(id)} is used twice`);
    ids.add(id);
    return id;
  };
  const disks = (spec.disks ?? []).map((disk, i): ResolvedDisk => {
    const field = `disks[${i}]`;
    const path = checkArgString(`${field}.path`, disk.path);
    if (path === '') throw new InvalidSpecError(`${field}.path`, 'is empty');
    const format = disk.format ?? (path.endsWith('.qcow2') ? 'qcow2' : 'raw');
    if (format !== 'qcow2' && format !== 'raw') throw new InvalidSpecError(field, 'format');
    const model = disk.model ?? 'virtio-blk-pci';
    if (!DISK_MODELS.includes(model)) throw new InvalidSpecError(field, 'model');
    const id = claim(`${field}.id`, disk.id ?? `disk${i}`);
    if (id.length > MAX_DISK_ID_LENGTH) {
      throw new InvalidSpecError(
        `${field}.id`,
        `at most ${MAX_DISK_ID_LENGTH} characters (QEMU limits the block node names made from it)`,
      );
    }
    return {
      id,
      path,
      format,
      readOnly: model === 'ide-cd' || (disk.readOnly ?? false),
      model,
    };
  });
  const nics = (spec.nics ?? []).map((nic, i): ResolvedNic => {
    const field = `nics[${i}]`;
    const model = nic.model ?? 'virtio-net-pci';
    if (!NAME_LIKE.test(model)) throw new InvalidSpecError(`${field}.model`, 'not a device name');
    if (nic.mac !== undefined && !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(nic.mac)) {
      throw new InvalidSpecError(`${field}.mac`, 'expected a MAC like 52:54:00:12:34:56');
    }
    const hostForwards = (nic.hostForwards ?? []).map((forward, j) => {
      const where = `${field}.hostForwards[${j}]`;
      const protocol = forward.protocol ?? 'tcp';
      const hostAddress = forward.hostAddress ?? '127.0.0.1';
      if (protocol !== 'tcp' && protocol !== 'udp') throw new InvalidSpecError(where, 'protocol');
      if (!/^[0-9A-Za-z.:]*$/.test(hostAddress)) throw new InvalidSpecError(where, 'hostAddress');
      checkPort(`${where}.hostPort`, forward.hostPort, true);
      checkPort(`${where}.guestPort`, forward.guestPort, false);
      return { protocol, hostAddress, hostPort: forward.hostPort, guestPort: forward.guestPort };
    });
    const id = claim(`${field}.id`, nic.id ?? `nic${i}`);
    claim(`${field}.id`, `${id}-user`);
    return { id, model, ...(nic.mac ? { mac: nic.mac } : {}), hostForwards };
  });
  const devices = (spec.devices ?? []).map((device, i) => {
    if (typeof device.driver !== 'string' || !NAME_LIKE.test(device.driver)) {
      throw new InvalidSpecError(`devices[${i}].driver`, 'not a device name');
    }
    if (device.id !== undefined) claim(`devices[${i}].id`, device.id);
    return { ...device };
  });
  const hotplugPorts = spec.hotplugPorts ?? (machine === 'q35' ? 2 : 0);
  if (!Number.isInteger(hotplugPorts) || hotplugPorts < 0 || hotplugPorts > 32) {
    throw new InvalidSpecError('hotplugPorts', 'an integer from 0 to 32');
  }
  if (hotplugPorts > 0 && machine !== 'q35') {
    throw new InvalidSpecError('hotplugPorts', 'PCIe root ports need machine q35');
  }
  const extraArgs = (spec.extraArgs ?? []).map((arg, i) => checkArgString(`extraArgs[${i}]`, arg));
  const allowedBackingPaths = (spec.allowedBackingPaths ?? []).map((path, i) => {
    const field = `allowedBackingPaths[${i}]`;
    if (checkArgString(field, path) === '') throw new InvalidSpecError(field, 'is empty');
    return resolve(path);
  });
  const vga = spec.vga ?? (bare ? 'none' : 'std');
  const models = ['std', 'virtio', 'cirrus', 'none'];
  if (!models.includes(vga)) {
    throw new InvalidSpecError('vga', `${JSON.stringify(vga)} is not one of ${models.join(', ')}`);
  }
  return {
    name,
    machine,
    machineOptions,
    accel,
    ...(spec.cpu !== undefined ? { cpu: spec.cpu } : {}),
    cpus: positiveInteger('cpus', spec.cpus ?? 1),
    memoryMiB: positiveInteger('memoryMiB', spec.memoryMiB ?? (bare ? 0 : 128), bare),
    ...(spec.kernel !== undefined ? { kernel: spec.kernel } : {}),
    ...(spec.initrd !== undefined ? { initrd: spec.initrd } : {}),
    ...(spec.append !== undefined ? { append: spec.append } : {}),
    disks,
    nics,
    devices,
    hotplugPorts,
    vga,
    vnc: spec.vnc ?? false,
    serial: spec.serial ?? !bare,
    guestAgent: spec.guestAgent ?? !bare,
    balloon: spec.balloon ?? false,
    paused: spec.paused ?? false,
    incoming: spec.incoming ?? false,
    noReboot: spec.noReboot ?? false,
    extraArgs,
    allowedBackingPaths,
    sandbox: resolveSandbox(spec.sandbox),
  };
}

function positiveInteger(field: string, value: number, zeroOk = false): number {
  if (!Number.isInteger(value) || value < (zeroOk ? 0 : 1)) {
    throw new InvalidSpecError(field, `expected a positive integer, got ${value}`);
  }
  return value;
}

function checkPort(field: string, port: number, zeroOk: boolean): void {
  if (!Number.isInteger(port) || port < (zeroOk ? 0 : 1) || port > 65535) {
    throw new InvalidSpecError(field, `not a port number: ${port}`);
  }
}
