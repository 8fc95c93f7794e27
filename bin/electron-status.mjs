// Whether the desktop app can start: Electron is an optional dependency whose binary is not
// downloaded at install time (package.json `allowScripts` keeps npm from running its download;
// an npm that runs it anyway, where GitHub cannot be reached, drops the optional package and goes
// on). `npm start` (bin/start.mjs) asks this module what is missing and says so.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `root`'s node_modules holds of Electron.
 * @param {string} root the project folder (holds package.json and node_modules)
 * @param {NodeJS.ProcessEnv} [env] the environment (`ELECTRON_OVERRIDE_DIST_PATH` points at an unpacked Electron)
 * @returns {{ state: 'ready', version: string, executable: string }
 *   | { state: 'no-binary', version: string, dir: string }
 *   | { state: 'no-package', wanted: string }}
 */
export function electronStatus(root, env = process.env) {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) {
    const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return { state: 'no-package', wanted: own.optionalDependencies?.electron ?? own.devDependencies?.electron ?? 'latest' };
  }
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // As node_modules/electron/index.js finds the executable: path.txt (written by its download) under dist/.
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? join(override, relative ?? 'electron') : relative !== undefined ? join(dir, 'dist', relative) : undefined;
  if (executable !== undefined && existsSync(executable)) return { state: 'ready', version, executable };
  return { state: 'no-binary', version, dir };
}

/**
 * What to print when the desktop app cannot start: what is missing, why, how to get it, and what
 * works without it.
 * @param {ReturnType<typeof electronStatus>} status not `ready`
 * @param {string | undefined} reason why the download failed (its first line), when one was tried
 * @returns {string} lines, newline-separated
 */
export function missingElectronMessage(status, reason) {
  const lines =
    status.state === 'no-package'
      ? [
          `npm start: the desktop app needs Electron ${status.wanted}, and the electron package is not installed.`,
          '  It is an optional dependency: npm left it out because downloading its binary from github.com failed',
          '  during `npm install` (or optional dependencies were omitted).',
          '  To get it: run `npm install` again on a machine that can reach github.com (or with ELECTRON_MIRROR set',
          '  to an Electron mirror), then `npm start`.',
        ]
      : [
          `npm start: the desktop app needs Electron ${status.version}'s binary, which is not installed${reason ? ` (the download failed: ${reason})` : ''}.`,
          '  npm does not download it at install time; `npm start` downloads it (about 100 MB) on its first run.',
          '  To get it: run `npm start` on a machine that can reach github.com, or set ELECTRON_MIRROR to an',
          `  Electron mirror, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron ${status.version}.`,
        ];
  lines.push(
    'Everything else works without it: `npm run web` opens the same editor in your browser, the CLI',
    '(`npx tributary …`) runs pipelines, and `npm test` tests the desktop shell with Electron faked.',
  );
  return lines.join('\n');
}
