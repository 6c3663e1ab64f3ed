/**
 * Disk images the daemon creates for its VMs, one folder per VM under the
 * state folder (`STATE/disks/VMID/NAME.qcow2|raw`), made and resized with
 * qemu-img. The folder is qmon's alone (0700): QEMU never opens these paths,
 * the launcher passes it the images as file descriptors.
 */
import { execFile } from 'node:child_process';
import { link, mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImageToolError } from '../../jobs/errors.js';
import { buildEnv, type QemuBuild, qemuBuild } from '../../launch/qemu-build.js';
import { BadRequestError, NameTakenError, NotFoundError } from '../errors.js';

const run = promisify(execFile);

export type DiskImageFormat = 'qcow2' | 'raw';

export interface DiskImage {
  /** The disk's name: its file name without the extension, and its id in the VM spec. */
  name: string;
  format: DiskImageFormat;
  path: string;
  /** The size the guest sees. */
  virtualBytes: number;
  /** What the image takes on the host's disk. */
  actualBytes: number;
}

/** A snapshot as `qemu-img info --output=json` lists it. */
export interface QemuImgSnapshot {
  id: string;
  name: string;
  'vm-state-size': number;
  'date-sec': number;
  'date-nsec': number;
  'vm-clock-sec': number;
  'vm-clock-nsec': number;
}

/** Disk names become QEMU ids and block node names (at most 22 characters, see launch/spec.ts). */
const DISK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,21}$/;
/** Larger than any disk a sane request asks for, small enough to stay an exact integer. */
export const MAX_DISK_BYTES = 2 ** 50;
const QEMU_IMG_TIMEOUT_MS = 60_000;

export function checkDiskName(field: string, name: string): string {
  if (!DISK_NAME.test(name))
    throw new BadRequestError(
      field,
      'a disk name starts with a letter and has at most 22 letters, digits, - or _',
    );
  return name;
}

export function checkDiskSize(field: string, bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 512 || bytes > MAX_DISK_BYTES || bytes % 512 !== 0)
    throw new BadRequestError(field, `a size in bytes, a multiple of 512 up to ${MAX_DISK_BYTES}`);
  return bytes;
}

export class DiskImages {
  constructor(
    /** `STATE/disks` */
    readonly root: string,
    /** Chosen when first needed: `$QMON_QEMU` may name a build that is not there. */
    private build?: QemuBuild,
  ) {}

  folder(vmId: string): string {
    return join(this.root, vmId);
  }

  /** Creates an empty image; the name must be free in this VM's folder, whatever its format. */
  async create(
    vmId: string,
    name: string,
    format: DiskImageFormat,
    bytes: number,
  ): Promise<DiskImage> {
    checkDiskName('body.name', name);
    checkDiskSize('body.sizeBytes', bytes);
    const folder = this.folder(vmId);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    if (await this.find(vmId, name)) throw new NameTakenError('disk', name);
    const path = join(folder, `${name}.${format}`);
    // Made under a temporary name, flushed, then linked into place: a crash
    // leaves no half-made image under the real name, and link() refuses to
    // replace a file another request made meanwhile.
    const temp = join(folder, `.${name}.${process.pid}.${Date.now()}.tmp`);
    try {
      await this.qemuImg(['create', '-q', '-f', format, temp, String(bytes)]);
      await syncFile(temp);
      await link(temp, path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new NameTakenError('disk', name);
        throw error;
      });
      await syncFile(folder);
    } finally {
      await rm(temp, { force: true });
    }
    return this.describe(name, format, path);
  }

  /** Every image of a VM, by name. */
  async list(vmId: string): Promise<DiskImage[]> {
    const entries = await readdir(this.folder(vmId)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const images: DiskImage[] = [];
    for (const entry of entries.sort()) {
      const match = /^([A-Za-z][A-Za-z0-9_-]*)\.(qcow2|raw)$/.exec(entry);
      if (!match) continue;
      const format = match[2] as DiskImageFormat;
      images.push(await this.describe(match[1]!, format, join(this.folder(vmId), entry)));
    }
    return images;
  }

  async find(vmId: string, name: string): Promise<DiskImage | undefined> {
    return (await this.list(vmId)).find((image) => image.name === name);
  }

  async get(vmId: string, name: string): Promise<DiskImage> {
    const image = await this.find(vmId, name);
    if (!image) throw new NotFoundError('disk', name);
    return image;
  }

  /** Grows an image that no QEMU has open; shrinking would cut the guest's data and is refused. */
  async resize(vmId: string, name: string, bytes: number): Promise<DiskImage> {
    checkDiskSize('body.sizeBytes', bytes);
    const image = await this.get(vmId, name);
    if (bytes < image.virtualBytes)
      throw new BadRequestError(
        'body.sizeBytes',
        `${bytes} is smaller than the disk (${image.virtualBytes}); shrinking is refused`,
      );
    await this.qemuImg(['resize', '-q', '-f', image.format, image.path, String(bytes)]);
    await syncFile(image.path);
    return this.describe(name, image.format, image.path);
  }

  async remove(vmId: string, name: string): Promise<void> {
    const image = await this.get(vmId, name);
    await unlink(image.path);
    await syncFile(this.folder(vmId));
  }

  /** The internal snapshots of a qcow2 image no QEMU is writing (`qemu-img info`, no I/O, no backing file). */
  async snapshots(path: string): Promise<QemuImgSnapshot[]> {
    const { stdout } = await this.qemuImg(['info', '--output=json', '-U', '-f', 'qcow2', path]);
    return (JSON.parse(stdout) as { snapshots?: QemuImgSnapshot[] }).snapshots ?? [];
  }

  private async describe(name: string, format: DiskImageFormat, path: string): Promise<DiskImage> {
    const { stdout } = await this.qemuImg(['info', '--output=json', '-U', '-f', format, path]);
    const info = JSON.parse(stdout) as { 'virtual-size': number };
    const { blocks } = await stat(path);
    return { name, format, path, virtualBytes: info['virtual-size'], actualBytes: blocks * 512 };
  }

  private async qemuImg(args: string[]): Promise<{ stdout: string }> {
    this.build ??= qemuBuild();
    try {
      return await run(this.build.qemuImg, args, {
        env: buildEnv(this.build),
        timeout: QEMU_IMG_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      throw new ImageToolError(args, stderr || String(error));
    }
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
