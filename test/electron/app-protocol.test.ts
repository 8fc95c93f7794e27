// The app:// protocol handler (electron/app-protocol.ts) on real files: the renderer folder's files
// with their content types, and nothing outside it, however the path is spelled.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => ({}));
const { APP_SCHEME_PRIVILEGES, APP_URL, appProtocolHandler } = await import('../../electron/app-protocol.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../electron/security.ts');

const base = mkdtempSync(join(tmpdir(), 'trb-app-protocol-'));
const renderer = join(base, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
const files: Record<string, [string, string]> = {
  'index.html': ['<!doctype html><title>Tributary</title>', 'text/html; charset=utf-8'],
  'assets/index-abc.js': ['export const a = 1;', 'text/javascript; charset=utf-8'],
  'assets/editor.worker-def.js': ['self.onmessage = () => {};', 'text/javascript; charset=utf-8'],
  'assets/index-abc.css': ['body{}', 'text/css; charset=utf-8'],
  'assets/codicon.ttf': ['ttf', 'font/ttf'],
  'assets/font.woff2': ['woff2', 'font/woff2'],
  'assets/logo.svg': ['<svg/>', 'image/svg+xml'],
  'assets/data.json': ['{}', 'application/json'],
  'assets/blob.bin': ['\u0000\u0001', 'application/octet-stream'],
};
for (const [path, [body]] of Object.entries(files)) writeFileSync(join(renderer, path), body);
writeFileSync(join(base, 'secret.txt'), 'SECRET');
writeFileSync(join(base, 'renderer-evil.txt'), 'SECRET');

const handler = appProtocolHandler(renderer);
const fetchApp = (url: string, init?: RequestInit): Promise<Response> => handler(new Request(url, init));

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme, without bypassing CSP, and the window loads its index', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
    expect(APP_URL).toBe('app://tributary/index.html');
  });

  it('serves the renderer folder with the right content types, nosniff and the CSP', async () => {
    for (const [path, [body, type]] of Object.entries(files)) {
      const res = await fetchApp(`app://tributary/${path}?v=1#x`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text(), path).toBe(body);
    }
    const root = await fetchApp('app://tributary/');
    expect(await root.text()).toBe(files['index.html']?.[0]);
  });

  it('refuses every path that leaves the folder', async () => {
    const attempts = [
      'app://tributary/..%2fsecret.txt',
      'app://tributary/assets/..%2f..%2fsecret.txt',
      'app://tributary/%2e%2e%2fsecret.txt',
      'app://tributary/..%2frenderer-evil.txt',
      'app://tributary/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      'app://tributary/index.html%00.js',
      'app://tributary/%E0%A4%A',
    ];
    for (const url of attempts) {
      const res = await fetchApp(url);
      expect(res.status, url).toBe(403);
      expect(await res.text()).not.toContain('SECRET');
    }
    // Dot segments the URL parser removes, backslashes and absolute paths stay inside: not found.
    for (const url of ['app://tributary/../secret.txt', 'app://tributary/%2e%2e/secret.txt', 'app://tributary/..%5csecret.txt', 'app://tributary/%2fetc%2fpasswd']) {
      const res = await fetchApp(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('SECRET');
    }
  });

  it('answers only its own host and GET/HEAD', async () => {
    expect((await fetchApp('app://other/index.html')).status).toBe(404);
    expect((await fetchApp('app://tributary/missing.js')).status).toBe(404);
    expect((await fetchApp('app://tributary/assets')).status).toBe(404);
    expect((await fetchApp('app://tributary/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await fetchApp('app://tributary/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
