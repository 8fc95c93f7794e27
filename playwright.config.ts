// Playwright: real Chromium (Debian's) against `node bin/web.mjs` on a free port, with the access
// token given by TRIBUTARY_WEB_TOKEN.
// Results: test-results/e2e-results.json (JSON reporter, for wrappers that count results).
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

// The config is evaluated in the runner and in each worker: pick the port once and pass it on.
if (!process.env.TRIBUTARY_E2E_PORT) {
  process.env.TRIBUTARY_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}
const port = Number(process.env.TRIBUTARY_E2E_PORT);
// The web host's access token, fixed for the run so the tests can open `/?token=…`
// (test/e2e/helpers.ts); random, as `npm run web` makes it.
process.env.TRIBUTARY_WEB_TOKEN ??= randomBytes(32).toString('base64url');

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1700, height: 1000 },
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.TRIBUTARY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node bin/web.mjs',
    env: { PORT: String(port), TRIBUTARY_WEB_TOKEN: process.env.TRIBUTARY_WEB_TOKEN },
    url: `http://127.0.0.1:${port}/`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
