import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_WEB_ROOT } from '../../../src/daemon/api/static-files.js';

/** The JavaScript a first page load fetches: index.html's scripts and module preloads. */
export function mainPageScripts(root = DEFAULT_WEB_ROOT): string[] {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

export function mainPageScriptBytes(root = DEFAULT_WEB_ROOT): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of mainPageScripts(root)) {
    const body = readFileSync(join(root, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip };
}
