import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Served by `pacific serve` at /ui (src/adapters/http/ui.ts); preact's JSX runtime, no framework plugin.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 100,
  },
});
