#!/usr/bin/env node
import { statSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs; Node 20 has no compile cache.
module.enableCompileCache?.();

// `npm run build` bundles the CLI into one file (scripts/bundle-cli.mjs). A bundle
// older than tsc's output is stale (a build that ran tsc alone): use the modules.
const mtime = (path) =>
  statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundled = mtime('../dist/bundle/qmon.js');
const compiled = mtime('../dist/cli/main.js');
await import(
  bundled !== undefined && (compiled === undefined || bundled >= compiled)
    ? '../dist/bundle/qmon.js'
    : '../dist/cli/main.js'
);
