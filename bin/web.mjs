#!/usr/bin/env node
// `npm run web`: the editor in a browser. Builds the renderer with Vite when `out/renderer` is
// missing or older than its sources, then serves it with the engine host on 127.0.0.1 and prints
// the address to open, with its access token (`?token=…`; engine/host/web-guard.ts).
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

const sources = ['renderer', 'engine/pipeline', 'engine/host/protocol.ts', 'engine/host/protocol-tests.ts', 'vite.renderer.config.ts'].map((p) => join(root, p));
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
  // A fixed token for tests (Playwright); otherwise a new random one at every start.
  token: process.env.TRIBUTARY_WEB_TOKEN,
}).catch((error) => {
  console.error(`tributary web: ${error.message}`);
  process.exit(2);
});
// The only place the token is printed: the address to open, as Jupyter prints its own.
console.log(`Tributary web editor: ${server.editorUrl}`);

// Every exit path stops the runs and removes their temporary output folders: SIGINT, SIGTERM and
// an uncaught error close the server first. A second signal, or a close that hangs for 10 s,
// exits at once; a further uncaught error while closing is only reported.
let exiting = false;
function shutdown(code) {
  exiting = true;
  setTimeout(() => process.exit(code), 10_000);
  server.close().then(
    () => process.exit(code),
    (error) => {
      console.error(`tributary web: while closing: ${error.message}`);
      process.exit(code);
    },
  );
}
const onSignal = () => (exiting ? process.exit(1) : shutdown(0));
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('uncaughtException', (error) => {
  console.error(`tributary web: uncaught error${exiting ? ' while closing' : ', shutting down'}: ${error.stack ?? error.message}`);
  if (!exiting) shutdown(1);
});
