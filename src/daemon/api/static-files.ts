/**
 * The dashboard's files (Vite's output, `dist/web`), read into memory once
 * and served with a Content-Security-Policy that allows no inline script and
 * no other origin: the page can talk to this daemon and nothing else.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** `dist/web` beside this module's own tree (src/ and dist/ sit side by side). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // xterm.js and noVNC set styles from script; no inline script is allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

function readTree(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = `/${relative(root, path).split(sep).join('/')}`;
        files.set(url, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          // Vite names built assets by their content hash: they never change.
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return files;
}

const NOT_BUILT = `The qmon dashboard is not built. Run \`npm run build\` in qmon's folder, then restart the daemon.\n`;

/** Serves GET / and every file of `root` (only what is there: no path is resolved from the URL). */
export function serveDashboard(app: FastifyInstance, root = DEFAULT_WEB_ROOT): void {
  const files = existsSync(join(root, 'index.html')) ? readTree(root) : new Map();
  const securityHeaders = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  app.get('/', async (_request, reply) => {
    const index = files.get('/index.html');
    if (!index) return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply
      .headers({ ...securityHeaders, 'cache-control': 'no-cache' })
      .type(index.type)
      .send(index.body);
  });
  for (const [url, file] of files) {
    app.get(url, async (_request, reply) =>
      reply
        .headers({
          ...securityHeaders,
          'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        })
        .type(file.type)
        .send(file.body),
    );
  }
}
