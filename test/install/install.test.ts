// What a newcomer meets before the editor: `npm start` without Electron's binary or package says
// what is missing and what works without it (exit 1, no stack trace), and `npm test` says which
// system packages it uses are missing and how to install them. The whole README set-up in a clean
// clone is test/install/readme-setup.sh (CI runs it).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');

/** A PATH holding only `node`: none of the system packages the suites use. */
function bareBin(): string {
  const bin = mkdtempSync(join(tmpdir(), 'trb-bare-bin-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

describe('npm start without Electron', () => {
  it("says the binary is missing, why, and what works without it, when the download cannot happen", () => {
    const cache = mkdtempSync(join(tmpdir(), 'trb-electron-cache-'));
    const r = spawnSync(process.execPath, ['bin/start.mjs', '--check'], {
      cwd: REPO,
      encoding: 'utf8',
      // A closed local port: the download is impossible, whatever this machine can reach.
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, ELECTRON_SKIP_BINARY_DOWNLOAD: '', ELECTRON_OVERRIDE_DIST_PATH: '' },
    });
    const electron = join(REPO, 'node_modules', 'electron');
    const pathFile = join(electron, 'path.txt');
    const installed = existsSync(pathFile) && existsSync(join(electron, 'dist', readFileSync(pathFile, 'utf8')));
    if (installed) {
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('is ready');
      return;
    }
    const version = (JSON.parse(readFileSync(join(electron, 'package.json'), 'utf8')) as { version: string }).version;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the desktop app needs Electron ${version}'s binary, which is not installed (the download failed:`);
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(r.stderr).toContain('`npm run web` opens the same editor in your browser');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('says the optional package was left out and how to get it back', () => {
    const project = mkdtempSync(join(tmpdir(), 'trb-no-electron-'));
    mkdirSync(join(project, 'bin'));
    for (const f of ['start.mjs', 'electron-status.mjs']) writeFileSync(join(project, 'bin', f), readFileSync(join(REPO, 'bin', f)));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', optionalDependencies: { electron: '40.10.2' } }));
    const r = spawnSync(process.execPath, ['bin/start.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the desktop app needs Electron 40.10.2, and the electron package is not installed');
    expect(r.stderr).toContain('run `npm install` again on a machine that can reach github.com');
    expect(r.stderr).toContain('`npm run web`');
  });
});

describe('npm test and system packages', () => {
  it('names every missing package with the command that installs it', () => {
    const r = spawnSync(process.execPath, ['test/run-all.mjs', '--system'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: bareBin(), TRIBUTARY_CHROMIUM: join(tmpdir(), 'no-such-chromium') },
    });
    expect(r.status).toBe(0);
    for (const name of ['chromium', 'java (17+)', 'maven', 'kcat']) expect(r.stderr).toMatch(new RegExp(`MISSING ${name.replace(/[()+]/g, '\\$&')}`));
    expect(r.stderr).toContain('the editor tests (Playwright) cannot run');
    expect(r.stderr).toContain('the Kafka and Apache Flink tests are skipped');
    expect(r.stderr).toContain('sudo apt-get install chromium default-jdk-headless maven kcat');
  });
});
