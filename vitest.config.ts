import { defineConfig } from 'vitest/config';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests write their pipelines into fresh temporary folders and run them: they get a config
// folder of their own that trusts the temporary folder (workspace trust, engine/launch/trust.ts).
// Tests of trust itself point TRIBUTARY_CONFIG_DIR elsewhere.
const configDir = mkdtempSync(join(tmpdir(), 'tributary-test-config-'));
mkdirSync(configDir, { recursive: true });
writeFileSync(join(configDir, 'trust.json'), JSON.stringify({ version: 1, folders: [tmpdir()] }));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'engine/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TRIBUTARY_CONFIG_DIR: configDir },
  },
});
