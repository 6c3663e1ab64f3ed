import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `/var/lib/qmon` as root, else `$XDG_STATE_HOME/qmon` (default `~/.local/state/qmon`). */
export function defaultStateDir(): string {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/qmon';
  const xdg = process.env.XDG_STATE_HOME;
  return join(xdg ? resolve(xdg) : join(homedir(), '.local', 'state'), 'qmon');
}
