/** `qmon vm console` and `qmon vm screenshot` on a libvirt domain (`libvirt:NAME`). */

import { encodePng, pngSize } from '../../launch/png.js';
import { parsePpm } from '../../launch/ppm.js';
import { openHostFileWriter } from '../../qga/host-file-writer.js';
import { attachTerminal } from '../attach-terminal.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { libvirtDomainName, withLibvirt } from '../libvirt-domains.js';
import { printable } from '../printable.js';

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
    return attachTerminal(context, stream, {
      what: `the console of ${printable(target)}`,
      closed: 'the console closed (the domain stopped?)',
      // Input from a pipe: once it ends, leave after a moment for the guest's answer.
      onInputEnd: (_stream, finish) => setTimeout(finish, 500),
      release: (open) => open.end(),
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
