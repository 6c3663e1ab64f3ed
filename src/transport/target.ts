import { InvalidTargetError } from './errors.js';

export type Target = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/**
 * Parses `unix:PATH`, `tcp:HOST:PORT` (`tcp:[::1]:4444` for IPv6) or a bare
 * socket path. Paths are taken literally: commas and all.
 */
export function parseTarget(text: string): Target {
  if (text.includes('\0')) throw new InvalidTargetError(text, 'it contains a NUL byte');
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    if (path === '') throw new InvalidTargetError(text, 'the socket path is empty');
    return { kind: 'unix', path };
  }
  if (text.startsWith('tcp:')) {
    const match = /^tcp:(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535)
      throw new InvalidTargetError(text, 'expected tcp:HOST:PORT');
    return { kind: 'tcp', host: match[1] ?? (match[2] || '127.0.0.1'), port };
  }
  if (text === '') throw new InvalidTargetError(text, 'it is empty');
  return { kind: 'unix', path: text };
}

export function formatTarget(target: Target): string {
  if (target.kind === 'unix') return `unix:${target.path}`;
  return target.host.includes(':')
    ? `tcp:[${target.host}]:${target.port}`
    : `tcp:${target.host}:${target.port}`;
}
