#!/usr/bin/env node
// `npm start`: the desktop app (`electron-vite dev`). Electron's binary is fetched on the first
// start, not at install (bin/electron-status.mjs says why); when it cannot be fetched, this says
// what is missing and how to get it, and exits 1 without a stack trace.
// `node bin/start.mjs --check`: only that (fetch if needed, report), without starting the app.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronStatus, missingElectronMessage } from './electron-status.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');

let status = electronStatus(root);
let reason;
if (status.state === 'no-binary') {
  console.log(`Electron ${status.version}'s binary is not installed yet: downloading it once (ELECTRON_MIRROR sets where from)...`);
  // Electron's own download script (@electron/get: checksums, cache, mirrors), run as npm would have.
  const download = spawnSync(process.execPath, [join(status.dir, 'install.js')], { cwd: status.dir, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (download.status !== 0) reason = (download.stderr || download.error?.message || `exit code ${download.status}`).trim().split('\n')[0];
  status = electronStatus(root);
}
if (status.state !== 'ready') {
  console.error(missingElectronMessage(status, reason));
  process.exit(1);
}
if (checkOnly) {
  console.log(`Electron ${status.version} is ready: ${status.executable}`);
  process.exit(0);
}
const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
