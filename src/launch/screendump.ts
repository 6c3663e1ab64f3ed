import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { QmpCommandError } from '../qmp/errors.js';
import type { QmpClient } from '../qmp/qmp-client.js';
import type { CallOptions } from '../session/qapi-session.js';
import { ScreendumpError } from './errors.js';
import { encodePng, pngSize } from './png.js';
import { parsePpm } from './ppm.js';

export interface ScreendumpOptions extends CallOptions {
  /** The display device's id (default: the first console). */
  device?: string;
  head?: number;
  /**
   * A folder QEMU may write to (the VM's runtime folder): QEMU writes there and
   * qmon copies the picture to `path`, which QEMU's own user may not reach.
   */
  scratchDir?: string;
}

export interface Screendump {
  path: string;
  width: number;
  height: number;
  /** `qemu`: QEMU wrote the PNG itself; `converted`: QEMU wrote PPM and qmon converted it. */
  encodedBy: 'qemu' | 'converted';
}

/**
 * Saves the display as a PNG at `path`. QEMU 7.1+ built with libpng writes PNG
 * itself; otherwise it writes PPM, which is converted here.
 */
export async function screendump(
  qmp: QmpClient,
  path: string,
  options: ScreendumpOptions = {},
): Promise<Screendump> {
  if (options.scratchDir === undefined) return screendumpAt(qmp, resolve(path), options);
  const { png, ...shot } = await screendumpBytes(qmp, options.scratchDir, options);
  await writeFile(resolve(path), png);
  return { ...shot, path: resolve(path) };
}

/**
 * The display as PNG bytes: QEMU writes a file in `scratchDir` (a folder QEMU
 * may write to, such as the VM's runtime folder), which is read and removed.
 */
export async function screendumpBytes(
  qmp: QmpClient,
  scratchDir: string,
  options: Omit<ScreendumpOptions, 'scratchDir'> = {},
): Promise<Omit<Screendump, 'path'> & { png: Buffer }> {
  const scratch = join(scratchDir, `screendump-${randomBytes(6).toString('hex')}.png`);
  try {
    const { path: _scratch, ...shot } = await screendumpAt(qmp, scratch, options);
    // O_NOFOLLOW: QEMU's user owns that file and could have swapped it for a symlink.
    const handle = await open(scratch, constants.O_RDONLY | constants.O_NOFOLLOW);
    const png = await handle.readFile().finally(() => handle.close());
    return { ...shot, png };
  } finally {
    await rm(scratch, { force: true });
  }
}

async function screendumpAt(
  qmp: QmpClient,
  filename: string,
  options: ScreendumpOptions,
): Promise<Screendump> {
  const target = {
    ...(options.device !== undefined ? { device: options.device } : {}),
    ...(options.head !== undefined ? { head: options.head } : {}),
  };
  const call = {
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let encodedBy: Screendump['encodedBy'] = 'qemu';
  try {
    await qmp.execute('screendump', { filename, format: 'png', ...target }, call);
  } catch (error) {
    if (!(error instanceof QmpCommandError) || !/png|format/i.test(error.desc)) throw error;
    const ppm = `${filename}.ppm`;
    await qmp.execute('screendump', { filename: ppm, ...target }, call);
    try {
      await writeFile(filename, await convertPpmFile(ppm));
    } finally {
      await rm(ppm, { force: true });
    }
    encodedBy = 'converted';
  }
  try {
    return { path: filename, ...pngSize(await readFile(filename)), encodedBy };
  } catch (cause) {
    throw new ScreendumpError(`cannot read the screendump ${filename}`, { cause });
  }
}

/** Reads a PPM screendump and returns it as PNG bytes. */
export async function convertPpmFile(ppmPath: string): Promise<Buffer> {
  try {
    return encodePng(parsePpm(await readFile(ppmPath)));
  } catch (cause) {
    throw new ScreendumpError(`cannot convert ${ppmPath} to PNG`, { cause });
  }
}
