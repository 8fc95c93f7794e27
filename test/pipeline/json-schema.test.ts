/** The shipped JSON Schema is current and accepts what the engine accepts (checked with Ajv). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema } from '../../engine/nodes/json-schema.ts';
import { REPO } from '../cli/run-cli.ts';

const shipped = JSON.parse(readFileSync(join(REPO, 'pipeline.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(shipped);

describe('pipeline.schema.json', () => {
  it('is what `npm run schema` generates from the zod schemas', () => {
    expect(shipped).toEqual(JSON.parse(JSON.stringify(pipelineJsonSchema())));
  });

  it('accepts every example pipeline', () => {
    const dir = join(REPO, 'examples/flights');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pipeline.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const ok = validate(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("rejects a node config that breaks its type's schema", () => {
    const doc = JSON.parse(readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), 'utf8')) as {
      nodes: { id: string; config: Record<string, unknown> }[];
    };
    const window = doc.nodes.find((n) => n.id === 'per_hour');
    if (window) delete window.config.aggregates;
    expect(validate(doc)).toBe(false);
    expect(validate({ version: 2, name: 'x', nodes: [] })).toBe(false);
  });
});
