/** `qmon vm console` and `qmon vm screenshot` on a libvirt domain (`libvirt:NAME`). */

import { encodePng, pngSize } from '../../launch/png.js';
import { parsePpm } from '../../launch/ppm.js';
import { openHostFileWriter } from '../../qga/host-file-writer.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { libvirtDomainName, withLibvirt } from '../libvirt-domains.js';
import { printable } from '../printable.js';

/** Ctrl-], as telnet and virsh console use it. */
const ESCAPE = 0x1d;

/** The domain's serial console through libvirt's console stream; Ctrl-] detaches. */
export function console(
  context: CliContext,
  target: string,
  options: { force?: boolean },
): Promise<number> {
  const name = libvirtDomainName(target);
  return withLibvirt(async (connection) => {
    const dom = await connection.lookupDomain(name);
    const stream = await connection.openConsole(dom, { force: options.force === true });
    const terminal = process.stdin.isTTY === true;
    context.err(
      `Connected to the console of ${printable(target)}${terminal ? '; Ctrl-] to detach' : ''}`,
    );
    return new Promise<number>((resolve) => {
      let done = false;
      const finish = (code: number, message?: string) => {
        if (done) return;
        done = true;
        process.stdin.off('data', onInput);
        process.stdin.off('end', onEnd);
        if (terminal) process.stdin.setRawMode(false);
        process.stdin.pause();
        stream.end();
        if (message) context.err(message);
        resolve(code);
      };
      const onInput = (chunk: Buffer) => {
        const at = terminal ? chunk.indexOf(ESCAPE) : -1;
        if (at < 0) {
          stream.write(chunk);
          return;
        }
        if (at > 0) stream.write(chunk.subarray(0, at));
        finish(0, terminal ? '\r\ndetached' : undefined);
      };
      // Input from a pipe: once it ends, leave after a moment for the guest's answer.
      const onEnd = () => setTimeout(() => finish(0), 500);
      stream.on('data', (chunk: Buffer) => process.stdout.write(chunk));
      stream.on('end', () => finish(1, '\r\nqmon: the console closed (the domain stopped?)'));
      stream.on('error', (error) => finish(125, `\r\nqmon: the console failed: ${error.message}`));
      if (terminal) process.stdin.setRawMode(true);
      process.stdin.on('data', onInput);
      process.stdin.on('end', onEnd);
      process.stdin.resume();
    });
  });
}

/** Saves the domain's display as a PNG (libvirt's screenshot stream), replacing `file` atomically. */
export function screenshot(
  context: CliContext,
  target: string,
  file: string,
  options: { json: boolean },
): Promise<number> {
  const name = libvirtDomainName(target);
  return withLibvirt(async (connection) => {
    const dom = await connection.lookupDomain(name);
    const shot = await connection.screenshot(dom);
    let png: Buffer;
    if (shot.mime === 'image/png') png = shot.data;
    else if (shot.mime === 'image/x-portable-pixmap') png = encodePng(parsePpm(shot.data));
    else
      throw new UserError(
        `${printable(target)}: libvirt sent a ${printable(shot.mime)} image, not PNG or PPM`,
      );
    const { width, height } = pngSize(png);
    const writer = await openHostFileWriter(file);
    try {
      await writer.file.writeFile(png);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    context.out(
      options.json
        ? JSON.stringify({ path: file, width, height })
        : `wrote ${file} (${width}x${height})`,
    );
    return 0;
  });
}
