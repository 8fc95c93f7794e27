/** The shipped JSON Schema of test files is current and agrees with the zod schema on the examples. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { pipelineTestJsonSchema } from '../../engine/nodes/json-schema.ts';
import { parseTestFile } from '../../engine/pipeline/pipeline-test.ts';
import { REPO } from '../cli/run-cli.ts';

const shipped = JSON.parse(readFileSync(join(REPO, 'pipeline-test.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(shipped);
const examples = ['flights', 'patterns'].flatMap((d) =>
  readdirSync(join(REPO, 'examples', d))
    .filter((f) => f.endsWith('.pipeline.test.json'))
    .map((f) => join(REPO, 'examples', d, f)),
);

describe('pipeline-test.schema.json', () => {
  it('is what `npm run schema` generates from the zod schema', () => {
    expect(shipped).toEqual(JSON.parse(JSON.stringify(pipelineTestJsonSchema())));
  });

  it('accepts every example test file, as the engine does, and each points at it', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const file of examples) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
      expect(validate(raw), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(parseTestFile(raw).ok, file).toBe(true);
      expect(raw.$schema).toBe('../../pipeline-test.schema.json');
    }
  });

  it('rejects what the engine rejects: a wrong version, an unknown order, a malformed output name', () => {
    const base = { version: 1, tests: [{ name: 't', expect: { hourly: { records: [] } } }] };
    expect(validate(base)).toBe(true);
    for (const bad of [
      { ...base, version: 2 },
      { ...base, tests: [{ name: 't', expect: { hourly: { records: [], order: 'sorted' } } }] },
      { ...base, tests: [{ name: 't', expect: { 'a.b.c': { records: [] } } }] },
      { ...base, tests: [] },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(parseTestFile(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
