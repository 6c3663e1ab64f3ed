import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { QgaClient } from '../../src/qga/index.js';

const run = promisify(execFile);

/** `qemu-img` with shared locks (`-U`), so images QEMU holds open can be read. */
export async function qemuImg(...args: string[]): Promise<string> {
  return (await run('qemu-img', args)).stdout;
}

/** Copies whatever chain `image` heads into a standalone raw file, as the guest would read it. */
export async function flatten(image: string, to: string): Promise<void> {
  await qemuImg('convert', '-U', '-O', 'raw', image, to);
}

/** Whether two images (chains included) have the same guest-visible content. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    await qemuImg('compare', '-U', a, b);
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 1) return false;
    throw error;
  }
}

export async function backingOf(image: string): Promise<string | undefined> {
  const info = JSON.parse(await qemuImg('info', '-U', '--output=json', image));
  return info['backing-filename'];
}

/** Runs a shell line in the guest; fails with its stderr when it exits non-zero. */
export async function guestSh(agent: QgaClient, line: string, timeout = 60_000): Promise<string> {
  const result = await agent.exec('/bin/sh', ['-c', line], { timeout });
  if (result.exitCode !== 0)
    throw new Error(`guest: ${line}: exit ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}
