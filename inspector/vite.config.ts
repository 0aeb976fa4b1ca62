import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The inspector's page: built into inspector/dist, served by the inspector server (src/inspect).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
  },
});
