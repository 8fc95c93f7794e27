// electron-vite: main (with the engine's utilityProcess entry and its job worker), preload
// (CommonJS, as sandboxed preloads require), and the renderer (shared with `npm run web`).
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.renderer.config.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      rollupOptions: {
        input: {
          index: here('./electron/main.ts'),
          'engine-process': here('./electron/engine-process.ts'),
          'job-worker': here('./engine/host/job-worker.ts'),
        },
        output: {
          format: 'es',
          // run-in-worker.ts loads `./job-worker.mjs` next to the bundled host.
          entryFileNames: (chunk) => (chunk.name === 'job-worker' ? '[name].mjs' : '[name].js'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: here('./electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: here('./renderer/index.html') } },
  },
});
