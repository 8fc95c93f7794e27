// The packaged app's Electron fuses: electron-builder.yml, read and validated by electron-builder's
// own code (app-builder-lib), turned into a fuse config by its own `generateFuseConfig`, and
// flipped by @electron/fuses into a stand-in binary carrying Electron's fuse wire (the real
// binary cannot be downloaded here). The wire read back must have every fuse we rely on.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(REPO, 'package.json'));

interface FuseOptions {
  [name: string]: boolean | undefined;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string): Promise<{ electronFuses?: FuseOptions; asar?: unknown }>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: FuseOptions): Promise<Record<string, unknown>> } };
};
const fuses = require('@electron/fuses') as {
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 0x31;
const DISABLE = 0x30;
/** Electron's shipped defaults, in wire order (RunAsNode … GrantFileProtocolExtraPrivileges). */
const DEFAULT_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];

describe('electron-builder fuses', () => {
  it('electron-builder.yml is valid for electron-builder and sets every fuse', async () => {
    const config = await getConfig(REPO);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined });
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('flips them in a binary: no RunAsNode, NODE_OPTIONS or --inspect; cookie encryption, ASAR integrity and ASAR-only on', async () => {
    const config = await getConfig(REPO);
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses ?? {});
    const dir = mkdtempSync(join(tmpdir(), 'trb-fuses-'));
    try {
      const binary = join(dir, 'electron');
      writeFileSync(binary, Buffer.concat([Buffer.from('\x7fELF…some code…'), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]), Buffer.from('…more code')]));
      await fuses.flipFuses(binary, fuseConfig);
      const wire = await fuses.getCurrentFuseWire(binary);
      const state = (name: string): unknown => wire[String(fuses.FuseV1Options[name])];
      expect(state('RunAsNode')).toBe(DISABLE);
      expect(state('EnableCookieEncryption')).toBe(ENABLE);
      expect(state('EnableNodeOptionsEnvironmentVariable')).toBe(DISABLE);
      expect(state('EnableNodeCliInspectArguments')).toBe(DISABLE);
      expect(state('EnableEmbeddedAsarIntegrityValidation')).toBe(ENABLE);
      expect(state('OnlyLoadAppFromAsar')).toBe(ENABLE);
      expect(state('LoadBrowserProcessSpecificV8Snapshot')).toBe(DISABLE);
      expect(state('GrantFileProtocolExtraPrivileges')).toBe(DISABLE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
