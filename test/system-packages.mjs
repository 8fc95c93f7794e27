// The system packages `npm test` uses beyond Node (npm installs everything else): which are here,
// which are not, what is skipped without them and how to get them (Debian/Ubuntu). test/run-all.mjs
// prints this first; `node test/run-all.mjs --system` prints only this. `npm run web` and the
// CLI need none of them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** Chromium for Playwright (playwright.config.ts uses the same path). */
export const CHROMIUM = process.env.TRIBUTARY_CHROMIUM ?? '/usr/bin/chromium';

/**
 * @typedef {{ name: string, apt: string, found: boolean, detail: string, without: string }} SystemPackage
 */

function runs(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Maven colours its version line; ESC written out so the pattern holds no control character.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** @returns {SystemPackage[]} */
export function systemPackages() {
  const java = runs('java', ['-version']);
  const mvn = runs('mvn', ['-v']);
  const kcat = runs('kcat', ['-V']);
  return [
    { name: 'chromium', apt: 'chromium', found: executable(CHROMIUM), detail: CHROMIUM, without: 'the editor tests (Playwright) cannot run' },
    { name: 'java (17+)', apt: 'default-jdk-headless', found: java !== undefined, detail: java ?? 'java not on PATH', without: 'the Kafka and Apache Flink tests are skipped' },
    { name: 'maven', apt: 'maven', found: mvn !== undefined, detail: mvn?.replace(ANSI_COLOUR, '') ?? 'mvn not on PATH', without: 'the Kafka and Apache Flink tests are skipped (Maven fetches their jars)' },
    { name: 'kcat', apt: 'kcat', found: kcat !== undefined, detail: kcat ?? 'kcat not on PATH', without: 'the Kafka tests that read topics back are skipped' },
  ];
}

/** The report: one line per package, then how to install what is missing. */
export function describeSystemPackages(packages = systemPackages()) {
  const lines = ['npm test: system packages (besides Node):'];
  for (const p of packages) lines.push(`  ${p.found ? 'found  ' : 'MISSING'} ${p.name.padEnd(11)} ${p.found ? p.detail : `${p.detail}: ${p.without}`}`);
  const missing = packages.filter((p) => !p.found);
  if (missing.length > 0) {
    lines.push(`  To install them (Debian/Ubuntu): sudo apt-get install ${missing.map((p) => p.apt).join(' ')}`);
    if (missing.some((p) => p.apt !== 'chromium'))
      lines.push('  or run `sudo bash test/kafka/ci-setup.sh && sudo bash test/flink/ci-setup.sh`, which also fetch the Kafka and Flink jars.');
  }
  return lines.join('\n');
}
