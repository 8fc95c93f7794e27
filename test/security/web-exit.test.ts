// `npm run web` as a process (`node bin/web.mjs`): it prints the editor's address with its token
// (and the token nowhere else), survives a client's bad frames, and removes the temporary run
// folders on every way out: SIGTERM, SIGINT, an uncaught error.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, closeCode, editor, eventually, freePort, runFolders, startSlowRun } from './web-client.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/throw-on-sigusr2.mjs', import.meta.url));
const temps: string[] = [];

interface WebProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** Run folders go here (the child's TMPDIR). */
  tmp: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/web.mjs` on a free port (renderer build skipped) and waits for its address. */
async function startWeb(options: { token?: string; nodeArgs?: string[] } = {}): Promise<WebProcess> {
  const port = await freePort();
  const tmp = mkdtempSync(join(tmpdir(), 'trb-web-exit-'));
  temps.push(tmp);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), TMPDIR: tmp, TRIBUTARY_SKIP_BUILD: '1' };
  delete env.TRIBUTARY_WEB_TOKEN;
  if (options.token !== undefined) env.TRIBUTARY_WEB_TOKEN = options.token;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(REPO, 'bin/web.mjs')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await eventually('bin/web.mjs printed its address', () => text.includes('Tributary web editor: ') && text.includes('\n', text.indexOf('Tributary web editor: ')), 60_000);
  const url = /Tributary web editor: (\S+)/.exec(text)?.[1] ?? '';
  const token = new URL(url).searchParams.get('token') ?? '';
  expect(url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  return { child, port, token, tmp, output: () => text, exited };
}

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('npm run web (a real process)', () => {
  it('prints a new random token at each start, or TRIBUTARY_WEB_TOKEN, and nothing else shows it', async () => {
    const a = await startWeb();
    const b = await startWeb();
    const fixed = 'fixed-token-for-tests-0123456789';
    const c = await startWeb({ token: fixed });
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(c.token).toBe(fixed);
    // A connection error is logged (on stderr): without the token.
    const ws = await editor(a.port, a.token);
    ws.send(Buffer.alloc(20 * 1024 * 1024, 0x20), { binary: false });
    await closeCode(ws);
    await eventually('the connection error is logged', () => a.output().includes('closed after an error'));
    for (const p of [a, b, c]) p.child.kill('SIGTERM');
    for (const p of [a, b, c]) expect((await p.exited).code).toBe(0);
    const mentions = a.output().split('\n').filter((line) => line.includes(a.token));
    expect(mentions).toEqual([`Tributary web editor: http://127.0.0.1:${a.port}/?token=${a.token}`]);
    const weak = spawn(process.execPath, [join(REPO, 'bin/web.mjs')], { cwd: REPO, env: { ...process.env, TRIBUTARY_SKIP_BUILD: '1', TRIBUTARY_WEB_TOKEN: 'short' }, stdio: 'pipe' });
    let err = '';
    weak.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((r) => weak.once('exit', r))).toBe(2);
    expect(err).toContain('TRIBUTARY_WEB_TOKEN must be');
  });

  it('keeps serving after a client sends an invalid UTF-8 frame and an over-size one', async () => {
    const web = await startWeb();
    const bad = await editor(web.port, web.token);
    const bad1007 = closeCode(bad);
    bad.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await bad1007).toBe(1007);
    const big = await editor(web.port, web.token);
    const big1009 = closeCode(big);
    big.send(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20), { binary: false });
    expect(await big1009).toBe(1009);
    const good = await editor(web.port, web.token);
    expect((await call(good, 'listExamples', {})).ok).toBe(true);
    expect(web.child.exitCode).toBeNull();
    web.child.kill('SIGTERM');
    expect((await web.exited).code).toBe(0);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} stops the runs and removes their folders`, async () => {
      const web = await startWeb();
      const ws = await editor(web.port, web.token);
      await startSlowRun(ws);
      await startSlowRun(ws);
      expect(runFolders(web.tmp)).toHaveLength(2);
      web.child.kill(signal);
      expect(await web.exited).toEqual({ code: 0, signal: null });
      expect(runFolders(web.tmp)).toEqual([]);
    });
  }

  it('an uncaught error shuts down with exit code 1 after removing the run folders', async () => {
    const web = await startWeb({ nodeArgs: ['--import', FIXTURE] });
    const ws = await editor(web.port, web.token);
    await startSlowRun(ws);
    expect(runFolders(web.tmp)).toHaveLength(1);
    web.child.kill('SIGUSR2');
    expect(await web.exited).toEqual({ code: 1, signal: null });
    expect(web.output()).toContain('uncaught error, shutting down: Error: test: an uncaught error');
    expect(runFolders(web.tmp)).toEqual([]);
  });
});
