// Bundles the `qmon` command into dist/bundle/qmon.js for a fast cold start: one
// file instead of ~40 ES modules, commander compiled in (as CommonJS loaded from
// ESM it costs Node a lexer pass per start). Verbs stay behind dynamic imports, so
// their code, and the daemon's fastify and better-sqlite3, load only when they run.
// dist/bundle/ is as deep as dist/cli/, so paths relative to import.meta.url
// (package.json, the fd-passing addon) resolve the same from either.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

await build({
  entryPoints: { qmon: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addons and the daemon's server libraries stay where npm put them.
  external: Object.keys(dependencies).filter((name) => name !== 'commander'),
  // commander is CommonJS and requires Node's built-ins: give the bundle a require.
  banner: {
    js: "import { createRequire as qmonCreateRequire } from 'node:module'; const require = qmonCreateRequire(import.meta.url);",
  },
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
