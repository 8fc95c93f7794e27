#!/usr/bin/env node
// `npm run web`: the editor in a browser. Builds the renderer with Vite when `out/renderer` is
// missing or older than its sources, then serves it with the engine host on 127.0.0.1.
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'renderer');
const builtAt = existsSync(join(outDir, 'index.html')) ? statSync(join(outDir, 'index.html')).mtimeMs : 0;

function newestIn(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newestIn(join(path, name))));
}

const sources = ['renderer', 'engine/pipeline', 'engine/host/protocol.ts', 'vite.renderer.config.ts'].map((p) => join(root, p));
if (process.env.TRIBUTARY_SKIP_BUILD !== '1' && Math.max(...sources.map(newestIn)) > builtAt) {
  console.log('building the renderer (vite)...');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

register();
const { startWebServer } = await import('../engine/host/web-server.ts');
const server = await startWebServer({
  staticDir: outDir,
  root: process.env.TRIBUTARY_ROOT ?? root,
  port: Number(process.env.PORT ?? 5173),
  portAttempts: process.env.PORT ? 0 : 20,
});
console.log(`Tributary web editor: ${server.url}`);
const shutdown = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
