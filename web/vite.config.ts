/**
 * Builds the dashboard into dist/web, which the daemon serves. Everything is
 * bundled (no CDN); noVNC, xterm.js and uPlot are split into chunks of their
 * own, loaded only by the pages that use them.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // noVNC 1.7 uses top-level await.
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
