#!/usr/bin/env node
// `npm run web` as the README starts it, in the current folder (a fresh clone): it must build the
// editor, serve it, and run a pipeline without Chromium or Java (test/install/readme-setup.sh runs
// this with a PATH holding only node and npm). Checks: the page and its script load with the
// printed token, and the delays-by-origin example run over the host's WebSocket reads every line
// of its data file (counted here, independently). Exit 0 on success; otherwise 1 with the reason.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import WebSocket from 'ws';

const fail = (message) => {
  console.error(`web-smoke: FAILED: ${message}`);
  process.exitCode = 1;
};

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const token = randomBytes(32).toString('base64url');
const web = spawn('npm', ['run', 'web'], { env: { ...process.env, PORT: String(port), TRIBUTARY_WEB_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
web.stdout.on('data', (d) => (output += d));
web.stderr.on('data', (d) => (output += d));

const printed = () => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no address printed within 180 s; output:\n${output}`)), 180_000);
  const look = () => {
    const m = /Tributary web editor: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  };
  web.stdout.on('data', look);
  web.on('exit', (code) => reject(new Error(`npm run web exited (${code}) before printing its address; output:\n${output}`)));
});

async function check() {
  const address = await printed();
  const page = await fetch(address);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('id="root"')) throw new Error(`GET ${address}: ${page.status}, no editor page`);
  const script = /src="([^"]+\.js)"/.exec(html)?.[1];
  if (!script) throw new Error('the editor page names no script');
  const js = await fetch(new URL(script, address));
  if (js.status !== 200) throw new Error(`GET ${script}: ${js.status}`);

  const origin = new URL(address).origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['tributary.v1', `tributary.token.${token}`], { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map();
  let finished;
  const ended = new Promise((resolve) => (finished = resolve));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.kind === 'response') waiting.get(m.id)?.(m);
    else if (m.event?.type === 'runFinished' || m.event?.type === 'runFailed') finished(m.event);
  });
  const call = (name, args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (m) => (m.ok ? resolve(m.result) : reject(new Error(`${name}: ${m.error}`))));
      ws.send(JSON.stringify({ kind: 'request', id, call: name, args }));
    });
  const path = 'examples/flights/delays-by-origin.pipeline.json';
  const { text } = await call('readFile', { path });
  const started = await call('run', { document: JSON.parse(text), baseDir: 'examples/flights', documentPath: path });
  if (!started.started) throw new Error(`the run was refused: ${JSON.stringify(started.problems)}`);
  const end = await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end within 120 s')), 120_000))]);
  ws.close();
  if (end.type !== 'runFinished') throw new Error(`the run failed: ${end.message}`);
  const lines = readFileSync('examples/data/flights-20k.jsonl', 'utf8').split('\n').filter((l) => l.trim() !== '').length;
  if (end.summary.recordsRead !== lines) throw new Error(`the run read ${end.summary.recordsRead} records; the file has ${lines} lines`);
  console.log(`web-smoke: npm run web served the editor and ran delays-by-origin (${lines} records read)`);
}

try {
  await check();
} catch (error) {
  fail(`${error.message}\n--- npm run web output ---\n${output}`);
} finally {
  try {
    process.kill(-web.pid, 'SIGTERM'); // npm and the node process it started
  } catch {
    // already gone
  }
}
