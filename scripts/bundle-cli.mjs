// Bundles the `qmon` command into dist/bundle/qmon.js for a fast cold start: one
// file instead of ~40 ES modules, commander compiled in (as CommonJS loaded from
// ESM it costs Node a lexer pass per start). Verbs stay behind dynamic imports, so
// their code, and the daemon's fastify and better-sqlite3, load only when they run.
// dist/bundle/ is as deep as dist/cli/, so paths relative to import.meta.url
// (package.json, the fd-passing addon) resolve the same from either.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

// commander requires child_process (and so dgram and net) at load, for executable
// subcommands qmon never uses: load it only if commander ever spawns.
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager))
        throw new Error(`${args.path}: commander changed; revisit this plugin`);
      return {
        contents: source.replace(
          eager,
          "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
        ),
        loader: 'js',
      };
    });
  },
};

// Chunk names carry a content hash: clear the old ones rather than pile them up.
rmSync('dist/bundle', { recursive: true, force: true });

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
  plugins: [lazyChildProcess],
  logLevel: 'warning',
});
