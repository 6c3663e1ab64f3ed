/**
 * Adding and removing devices and disks on a running VM, with the waits QEMU
 * needs: unplug is only done when `DEVICE_DELETED` arrives, and on q35 a
 * device goes into one of the PCIe root ports the spec reserved (`pcie.0`
 * refuses hotplug). Operations run one at a time, so two callers never pick
 * the same free port.
 */
import type { QmpClient } from '../qmp/qmp-client.js';
import { hotplugPortId } from './argv.js';
import { typeDeviceProperties } from './device-properties.js';
import { closeLayers, openLayers } from './disk-files.js';
import { chainBlockdev, type ImageLayer, inspectImage } from './disk-image.js';
import { InvalidSpecError, NoFreeHotplugPortError } from './errors.js';
import { fdSetOf, passFdSets, removeFdSets } from './fd-sets.js';
import { checkArgString, checkQemuId } from './qemu-option.js';
import { runsAsOtherUser } from './qemu-user.js';
import { type DeviceSpec, type DiskFormat, MAX_DISK_ID_LENGTH } from './spec.js';

export const DEFAULT_UNPLUG_TIMEOUT_MS = 10_000;

export interface HotplugOptions {
  /** Milliseconds for the command and, for removal, for `DEVICE_DELETED` (10 s). */
  timeout?: number;
}

export interface HotplugDisk {
  id: string;
  path: string;
  format?: DiskFormat;
  readOnly?: boolean;
  model?: 'virtio-blk-pci';
}

export class Hotplug {
  private queue: Promise<unknown> = Promise.resolve();
  private generated = 0;

  constructor(
    private readonly qmp: QmpClient,
    /** How many root ports the spec reserved (0: devices go where `bus` says). */
    private readonly ports: number,
    /** Where a hotplugged qcow2's backing files may be (the VM spec's allowedBackingPaths). */
    private readonly allowedBackingPaths: readonly string[] = [],
    /** QEMU's pid: when it runs as another user, disks are passed to it as fds. */
    private readonly qemuPid?: number,
  ) {}

  /**
   * Plugs a device in; without `bus`, into a free reserved root port. Text
   * property values are typed by the device's declared properties. Resolves with its id.
   */
  addDevice(device: DeviceSpec, options: HotplugOptions = {}): Promise<string> {
    return this.serial(async () => {
      const id = device.id ?? `qmon-dev${++this.generated}`;
      if (device.id !== undefined) checkQemuId('device.id', device.id);
      checkArgString('device.driver', device.driver);
      if (device.bus !== undefined && typeof device.bus !== 'string') {
        throw new InvalidSpecError('device.bus', 'must be a string');
      }
      const typed = await typeDeviceProperties(this.qmp, device.driver, device);
      const bus = device.bus ?? (this.ports > 0 ? await this.freePort() : undefined);
      await this.qmp.execute(
        'device_add',
        { ...typed, driver: device.driver, id, ...(bus !== undefined ? { bus } : {}) },
        timeoutOption(options),
      );
      return id;
    });
  }

  /** Unplugs a device and waits until QEMU reports it gone. */
  removeDevice(id: string, options: HotplugOptions = {}): Promise<void> {
    return this.serial(() => this.unplug(id, options));
  }

  /** Opens an image as a block node and plugs a disk device onto it (both named `id`). */
  addDisk(disk: HotplugDisk, options: HotplugOptions = {}): Promise<string> {
    return this.serial(async () => {
      checkQemuId('disk.id', disk.id);
      const path = checkArgString('disk.path', disk.path);
      if (path === '') throw new InvalidSpecError('disk.path', 'is empty');
      const format = disk.format ?? (path.endsWith('.qcow2') ? 'qcow2' : 'raw');
      if (format !== 'qcow2' && format !== 'raw') {
        throw new InvalidSpecError('disk.format', 'qcow2 or raw');
      }
      if (disk.id.length > MAX_DISK_ID_LENGTH) {
        throw new InvalidSpecError('disk.id', `at most ${MAX_DISK_ID_LENGTH} characters`);
      }
      // Judged like a disk in the spec: explicit format, backing files only where allowed.
      const layers = await inspectImage('disk', path, format, {
        allowedBackingPaths: this.allowedBackingPaths,
      });
      const readOnly = disk.readOnly ?? false;
      const confined = this.qemuPid !== undefined && runsAsOtherUser(this.qemuPid);
      const sets = confined ? await this.passLayers(layers, readOnly, options) : [];
      const filenames = confined ? sets.map((set) => `/dev/fdset/${set}`) : undefined;
      const node = chainBlockdev(disk.id, layers, readOnly, filenames);
      try {
        await this.qmp.executeUntyped('blockdev-add', node, timeoutOption(options));
      } catch (error) {
        await this.removeFdSets(sets);
        throw error;
      }
      try {
        const bus = this.ports > 0 ? await this.freePort() : undefined;
        await this.qmp.execute(
          'device_add',
          {
            driver: disk.model ?? 'virtio-blk-pci',
            drive: disk.id,
            id: disk.id,
            ...(bus !== undefined ? { bus } : {}),
          },
          timeoutOption(options),
        );
      } catch (error) {
        await this.qmp.execute('blockdev-del', { 'node-name': disk.id }).catch(() => {});
        await this.removeFdSets(sets);
        throw error;
      }
      return disk.id;
    });
  }

  /** Unplugs the disk device, then closes its block node and the fd sets it was opened from. */
  removeDisk(id: string, options: HotplugOptions = {}): Promise<void> {
    return this.serial(async () => {
      await this.unplug(id, options);
      const sets = await this.fdSetsOf(id);
      await this.qmp.execute('blockdev-del', { 'node-name': id }, timeoutOption(options));
      await this.removeFdSets(sets);
    });
  }

  /** Opens each layer here (qmon's rights) and passes its fds to QEMU; our copies are closed. */
  private async passLayers(
    layers: readonly ImageLayer[],
    readOnly: boolean,
    options: HotplugOptions,
  ): Promise<number[]> {
    const opened = await openLayers('disk', layers, readOnly);
    try {
      return await passFdSets(this.qmp, opened, timeoutOption(options));
    } finally {
      await closeLayers(opened);
    }
  }

  /** The fd sets the layers of disk `id` were opened from (`/dev/fdset/S` protocol nodes). */
  private async fdSetsOf(id: string): Promise<number[]> {
    const nodes = await this.qmp.execute('query-named-block-nodes', { flat: true });
    const prefix = `qmon-${id}-`;
    const ours = (name = '') =>
      name.startsWith(prefix) && /^(f|b\d+f)$/.test(name.slice(prefix.length));
    return nodes.flatMap((node) => {
      const set = fdSetOf(node.file);
      return ours(node['node-name']) && set !== undefined ? [set] : [];
    });
  }

  private removeFdSets(sets: readonly number[]): Promise<void> {
    return removeFdSets(this.qmp, sets);
  }

  private async unplug(id: string, options: HotplugOptions): Promise<void> {
    await this.qmp.executeAndWait('device_del', { id }, 'DEVICE_DELETED', {
      match: (event) => event.data.device === id,
      timeout: options.timeout ?? DEFAULT_UNPLUG_TIMEOUT_MS,
    });
  }

  /**
   * The first reserved root port with nothing behind it. Asked of QOM (the
   * port's bus lists its devices as `child[N]` links), not `query-pci`, which
   * does not show devices behind a bridge the firmware has not numbered yet.
   */
  private async freePort(): Promise<string> {
    for (let n = 1; n <= this.ports; n++) {
      const port = hotplugPortId(n);
      const properties = await this.qmp.execute('qom-list', {
        path: `/machine/peripheral/${port}/${port}`,
      });
      if (!properties.some((property) => property.name.startsWith('child['))) return port;
    }
    throw new NoFreeHotplugPortError(this.ports);
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => {});
    return result;
  }
}

function timeoutOption(options: HotplugOptions): { timeout?: number } {
  return options.timeout !== undefined ? { timeout: options.timeout } : {};
}
