/**
 * The node catalog is the list of `engine/nodes/<type>/` folders: every folder has a spec, an
 * operator and a Flink SQL translator and is in the catalog and both registries, every spec declares a look and
 * capabilities that name real ports and fields, and the README's table is current.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NODE_TYPES } from '../../engine/nodes/catalog.ts';
import { OPERATORS } from '../../engine/nodes/registry.ts';
import { FLINK_TRANSLATORS } from '../../engine/nodes/flink-translators.ts';
import { withNodeTypesTable } from '../../engine/nodes/readme-table.ts';
import type { NodeTypeSpec } from '../../engine/pipeline/node-spec.ts';
import { REPO } from '../cli/run-cli.ts';

const NODES = join(REPO, 'engine/nodes');
const folders = readdirSync(NODES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'common')
  .map((d) => d.name)
  .sort();

describe('node catalog', () => {
  it('has one entry per folder of engine/nodes, each with spec.ts, operator.ts and flink.ts, in both registries too', () => {
    expect(Object.keys(NODE_TYPES).sort()).toEqual(folders);
    expect(Object.keys(OPERATORS).sort()).toEqual(folders);
    expect(Object.keys(FLINK_TRANSLATORS).sort()).toEqual(folders);
    for (const f of folders) {
      expect(existsSync(join(NODES, f, 'spec.ts')), `${f}/spec.ts`).toBe(true);
      expect(existsSync(join(NODES, f, 'operator.ts')), `${f}/operator.ts`).toBe(true);
      expect(existsSync(join(NODES, f, 'flink.ts')), `${f}/flink.ts`).toBe(true);
      expect((NODE_TYPES as Record<string, NodeTypeSpec>)[f]?.type).toBe(f);
    }
  });

  it('declares capabilities that name real ports and config fields', () => {
    for (const spec of Object.values(NODE_TYPES) as NodeTypeSpec[]) {
      const fields = Object.keys((z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {});
      const c = spec.capabilities;
      for (const k of c.keys ?? []) {
        expect(spec.inputs.map((p) => p.id), `${spec.type} keys port`).toContain(k.port);
        expect(fields, `${spec.type} key field`).toContain(k.field);
      }
      for (const f of [...(c.expressionFields ?? []), c.setsKey?.field, c.writesFile?.field, c.inlineData?.field, c.connectionTest?.topicField])
        if (f !== undefined) expect(fields, `${spec.type}.${f}`).toContain(f);
      // Dotted paths (`ssl.caFile`) name a field of the config or of an object inside it.
      for (const f of [...(c.readsFile?.fields ?? []), ...(c.credentials ?? []).map((x) => x.field)]) expect(fields, `${spec.type}.${f}`).toContain(f.split('.')[0]);
      expect(spec.look.icon.length, `${spec.type} icon`).toBeGreaterThan(0);
      expect(typeof spec.look.summary(spec.defaults as Record<string, unknown>, spec.code?.template)).toBe('string');
    }
  });

  it('is what the README node-type table shows (npm run schema regenerates it)', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toBe(withNodeTypesTable(readme));
  });
});
