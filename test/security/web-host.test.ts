// The web host (`npm run web`), really started on a free port: only the editor page holding the
// start's token may connect; one client's bad frame closes its own socket, not the server; a
// connection's runs are limited, and their temporary folders go away when it or the server closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer, WS_MAX_PAYLOAD_BYTES, type RunningWebServer } from '../../engine/host/web-server.ts';
import { MAX_RUNS_PER_CONNECTION } from '../../engine/host/web-connection.ts';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../engine/host/web-auth.ts';
import { attempt, call, closeCode, editor, eventually, next, runFolders, SLOW_PIPELINE, startSlowRun } from './web-client.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// The host makes its run folders with mkdtemp(os.tmpdir()): point that at a folder of our own.
const RUN_TMP = mkdtempSync(join(tmpdir(), 'trb-web-host-'));
process.env.TMPDIR = RUN_TMP;
const STATIC = mkdtempSync(join(RUN_TMP, 'static-'));
writeFileSync(join(STATIC, 'index.html'), '<!doctype html><title>editor</title>');
mkdirSync(join(STATIC, 'assets'));
writeFileSync(join(STATIC, 'assets', 'app.js'), 'export {};');

const TOKEN = 'web-host-test-token-0123456789abcdefABCDEF';
const logs: string[] = [];
let server: RunningWebServer;
let port: number;
const origin = (): string => `http://127.0.0.1:${port}`;

/** A plain HTTP GET with a chosen Host header. */
function get(path: string, host: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends a raw HTTP request line (targets `http.request` will not send) and reads the status. */
function rawStatus(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  server = await startWebServer({ staticDir: STATIC, root: REPO, port: 0, portAttempts: 0, token: TOKEN, log: (line) => logs.push(line) });
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  rmSync(RUN_TMP, { recursive: true, force: true });
});

describe('who may connect', () => {
  it('the editor page with the token connects, speaks tributary.v1 and is answered', async () => {
    const ws = await editor(port, TOKEN);
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const reply = await call(ws, 'listExamples', {});
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply.result)).toContain('examples/flights/delays-by-origin.pipeline.json');
    ws.close();
  });

  it('refuses a client without an Origin header (any local program)', async () => {
    const r = await attempt(port, { protocols: [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN] });
    expect(r).toMatchObject({ kind: 'refused', status: 403, body: expect.stringContaining('no Origin') });
  });

  it('refuses pages of other origins, even other ports of this machine', async () => {
    for (const foreign of ['https://evil.example', `http://evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const r = await attempt(port, { origin: foreign, protocols: [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN] });
      expect(r, foreign).toMatchObject({ kind: 'refused', status: 403 });
    }
  });

  it('refuses a DNS-rebinding Host header, on the WebSocket and on pages', async () => {
    const protocols = [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN];
    const rebound = await attempt(port, { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, protocols });
    expect(rebound).toMatchObject({ kind: 'refused', status: 403, body: expect.stringContaining('Host') });
    const mixed = await attempt(port, { host: `evil.example:${port}`, origin: origin(), protocols });
    expect(mixed).toMatchObject({ kind: 'refused', status: 403 });
    expect(await get('/', `evil.example:${port}`)).toMatchObject({ status: 403 });
    expect(await get('/', `127.0.0.1:${port + 1}`)).toMatchObject({ status: 403 });
    expect(await get('/', `127.0.0.1:${port}`)).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: expect.stringContaining('editor') });
    expect(await get('/assets/app.js', `localhost:${port}`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
  });

  it('refuses a missing, wrong or ambiguous token (401), and a token in the URL', async () => {
    const cases: string[][] = [
      [],
      [WS_PROTOCOL],
      [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + 'x'.repeat(TOKEN.length)],
      [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN.slice(0, -1)],
      [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN, TOKEN_PROTOCOL_PREFIX + 'other-token-0123456789abcdef'],
    ];
    for (const protocols of cases) {
      const r = await attempt(port, { origin: origin(), protocols });
      expect(r, protocols.join(',')).toMatchObject({ kind: 'refused', status: 401 });
    }
    const inUrl = await attempt(port, { origin: origin(), path: `/ws?token=${TOKEN}`, protocols: [WS_PROTOCOL] });
    expect(inUrl).toMatchObject({ kind: 'refused', status: 401 });
  });

  it('makes a new random token at every start and refuses a weak fixed one', async () => {
    const a = await startWebServer({ staticDir: STATIC, root: REPO, port: 0, portAttempts: 0 });
    const b = await startWebServer({ staticDir: STATIC, root: REPO, port: 0, portAttempts: 0 });
    try {
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(b.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.token).not.toBe(b.token);
      expect(a.editorUrl).toBe(`http://127.0.0.1:${a.port}/?token=${a.token}`);
      const other = await attempt(a.port, { origin: `http://127.0.0.1:${a.port}`, protocols: [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + b.token] });
      expect(other).toMatchObject({ kind: 'refused', status: 401 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    await expect(startWebServer({ staticDir: STATIC, root: REPO, port: 0, token: 'short' })).rejects.toThrow(/TRIBUTARY_WEB_TOKEN must be 22 to 256/);
  });
});

describe('one client cannot end the server', () => {
  it('an over-size message closes only its own socket (1009)', async () => {
    const bystander = await editor(port, TOKEN);
    const sender = await editor(port, TOKEN);
    const closed = closeCode(sender);
    sender.send(Buffer.alloc(WS_MAX_PAYLOAD_BYTES + 1, 0x20), { binary: false });
    expect(await closed).toBe(1009);
    expect((await call(bystander, 'listExamples', {})).ok).toBe(true);
    const newcomer = await editor(port, TOKEN);
    expect((await call(newcomer, 'listExamples', {})).ok).toBe(true);
    bystander.close();
    newcomer.close();
  });

  it('a text frame that is not UTF-8 closes only its own socket (1007)', async () => {
    const bystander = await editor(port, TOKEN);
    const sender = await editor(port, TOKEN);
    const closed = closeCode(sender);
    sender.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
    expect((await call(bystander, 'listExamples', {})).ok).toBe(true);
    bystander.close();
  });

  it('answers malformed request targets instead of failing', async () => {
    expect(await rawStatus('//')).toBe(200);
    expect(await rawStatus('/%E0%A4%A')).toBe(403);
    expect(await rawStatus('/../../../etc/passwd')).toBe(403);
    expect(await rawStatus('/%2e%2e/%2e%2e/etc/passwd')).toBe(403);
    const ws = await editor(port, TOKEN);
    expect((await call(ws, 'listExamples', {})).ok).toBe(true);
    ws.close();
  });

  it('logs connection errors without the token', () => {
    expect(logs.some((l) => l.includes('closed after an error'))).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('runs of a connection', () => {
  it(`allows ${MAX_RUNS_PER_CONNECTION} runs at once per connection and refuses the next with a reason`, async () => {
    const a = await editor(port, TOKEN);
    const b = await editor(port, TOKEN);
    const runs: string[] = [];
    for (let i = 0; i < MAX_RUNS_PER_CONNECTION; i++) runs.push(await startSlowRun(a));
    const refused = await call(a, 'run', { document: { version: 1, name: 'x', nodes: [], edges: [] } });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining(`already has ${MAX_RUNS_PER_CONNECTION} runs going`) });
    // Another connection has its own allowance.
    const bRun = await startSlowRun(b);
    expect(runFolders(RUN_TMP)).toHaveLength(MAX_RUNS_PER_CONNECTION + 1);

    // Once one ends, a new run is accepted.
    const ended = next(a, (m) => ['runFinished', 'runFailed'].includes(String((m.event as { type?: string } | undefined)?.type)) && (m.event as { runId: string }).runId === runs[0]);
    expect((await call(a, 'stop', { runId: runs[0] })).ok).toBe(true);
    await ended;
    runs.push(await startSlowRun(a));

    // Closing the connection stops its runs and removes their folders; the other's stays.
    a.close();
    await eventually("the closed connection's run folders are removed", () => runFolders(RUN_TMP).length === 1);
    expect((await call(b, 'sinkRows', { runId: runs[1], nodeId: 'out' })).error).toBe(`no run ${runs[1]}`);
    expect((await call(b, 'sinkRows', { runId: bRun, nodeId: 'out' })).ok).toBe(true);
    b.close();
    await eventually('every run folder is removed', () => runFolders(RUN_TMP).length === 0);
  });

  it('limits schema inference to 2 at once per connection', async () => {
    const ws = await editor(port, TOKEN);
    // The filter's code never returns: each inference lasts until the watchdog stops it (2 s).
    const document = {
      version: 1,
      name: 'spin',
      settings: { udfTimeoutMs: 2000 },
      nodes: [
        { id: 'gen', type: 'generator', config: { count: 10 } },
        { id: 'spin', type: 'filter', code: 'while (event.seq >= 0) {}\nreturn true;' },
        { id: 'out', type: 'fileSink', config: { path: 'out.jsonl' } },
      ],
      edges: [
        { id: 'e1', source: 'gen', target: 'spin' },
        { id: 'e2', source: 'spin', target: 'out' },
      ],
    };
    const args = { document, baseDir: '.', nodeId: 'out', port: 'in' };
    const replies = [call(ws, 'inferSchema', args), call(ws, 'inferSchema', args), call(ws, 'inferSchema', args)];
    const third = await replies[2];
    expect(third).toMatchObject({ ok: false, error: expect.stringContaining('inferSchema refused') });
    for (const r of await Promise.all(replies.slice(0, 2))) expect(r).toMatchObject({ ok: true, result: { records: [] } });
    // Once they have ended, inference is accepted again.
    const quick = { ...document, nodes: [document.nodes[0], document.nodes[2]], edges: [{ id: 'e1', source: 'gen', target: 'out' }] };
    const again = await call(ws, 'inferSchema', { ...args, document: quick });
    expect(again.ok).toBe(true);
    expect((again.result as { records: unknown[] }).records.length).toBeGreaterThan(0);
    ws.close();
  });

  it('a run refused for its base folder leaves no folder behind', async () => {
    const ws = await editor(port, TOKEN);
    const before = runFolders(RUN_TMP).length;
    const refused = await call(ws, 'run', { document: SLOW_PIPELINE, baseDir: '../..' });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('outside the workspace') });
    expect(runFolders(RUN_TMP)).toHaveLength(before);
    ws.close();
  });

  it('closing the server stops every run and removes every run folder', async () => {
    const other = await startWebServer({ staticDir: STATIC, root: REPO, port: 0, portAttempts: 0, token: TOKEN });
    const ws = await editor(other.port, TOKEN);
    await startSlowRun(ws);
    await startSlowRun(ws);
    expect(runFolders(RUN_TMP)).toHaveLength(2);
    await other.close();
    expect(runFolders(RUN_TMP)).toEqual([]);
  });
});
