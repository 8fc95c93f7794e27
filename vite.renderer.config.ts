// Vite config of the renderer alone (`npm run web` builds with it; electron-vite reuses it).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export const rendererConfig = {
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-sql-languages 1.1 imports Monaco's files by their pre-0.50 paths: its editor API
      // through a shim for the worker options it passes, the rest at their place in esm/vs.
      { find: /^monaco-editor\/esm\/vs\/editor\/editor\.api(\.js)?$/, replacement: here('./renderer/sql/monaco-api-legacy.ts') },
      { find: /^monaco-editor\/esm\/vs\/(.*?)(\.js)?$/, replacement: `${realpathSync(here('./node_modules/monaco-editor/esm/vs'))}/$1.js` },
    ],
  },
  build: {
    outDir: here('./out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' as const },
};

export default defineConfig(rendererConfig);
