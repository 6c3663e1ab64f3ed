/**
 * Whether a unix socket server has a client connected, seen from the kernel's
 * table (/proc/net/unix) without connecting: each connection a server accepted
 * is listed under the server's path, with an inode, and without the listening
 * flag. A connection still waiting in the backlog has no inode yet. QEMU takes
 * one client per monitor or agent socket, so for those sockets this tells
 * whether another client holds it.
 */
import { readFileSync } from 'node:fs';

/** __SO_ACCEPTCON: the entry is the listening socket itself. */
const LISTENING = 0x10000;
/** One entry: `Num: RefCount Protocol Flags Type St Inode[ Path]`. */
const ENTRY =
  /^[0-9a-f]+: [0-9A-F]{8} [0-9A-F]{8} ([0-9A-F]{8}) [0-9A-F]{4} [0-9A-F]{2} +(\d+)(?: (.*))?$/s;
/** An entry starts a line; a path holding a newline continues on the next. */
const ENTRY_START = /\n(?=[0-9a-f]+: [0-9A-F]{8} [0-9A-F]{8} [0-9A-F]{8} [0-9A-F]{4} [0-9A-F]{2} )/;

/** Whether an accepted connection exists on the unix socket server bound at `path`. */
export function socketHasClient(path: string): boolean {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return false;
  }
  const body = table.slice(table.indexOf('\n') + 1).replace(/\n$/, '');
  for (const entry of body.split(ENTRY_START)) {
    const match = ENTRY.exec(entry);
    if (!match || match[3] !== path) continue;
    const flags = Number.parseInt(match[1]!, 16);
    if ((flags & LISTENING) === 0 && match[2] !== '0') return true;
  }
  return false;
}
