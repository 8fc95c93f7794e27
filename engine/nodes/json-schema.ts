/**
 * The JSON Schema of `*.pipeline.json`, generated from the same zod schemas the engine
 * validates with (`z.toJSONSchema`, input side: what a person writes). Each node is checked
 * against its own type's config schema (`oneOf` over the catalog, told apart by `type`). The
 * test files' schema (`*.pipeline.test.json`) comes from the same place.
 */
import { z } from 'zod';
import { NODE_TYPES } from './catalog.ts';
import { DocumentNodeSchema, PipelineDocumentSchema } from '../pipeline/document.ts';
import { PipelineTestFileSchema } from '../pipeline/pipeline-test.ts';

export function pipelineJsonSchema(): Record<string, unknown> {
  const nodeVariants = Object.values(NODE_TYPES).map((spec) =>
    DocumentNodeSchema.extend({
      type: z.literal(spec.type).describe(spec.label),
      version: z.number().int().min(1).max(spec.version).default(spec.version),
      config: spec.config as z.ZodType,
    }).describe(spec.description),
  );
  const schema = PipelineDocumentSchema.extend({ nodes: z.array(z.union(nodeVariants as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])) });
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    title: 'Tributary pipeline (version 1)',
    ...json,
  };
}

/** The JSON Schema of `*.pipeline.test.json` (`engine/pipeline/pipeline-test.ts`), input side. */
export function pipelineTestJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(PipelineTestFileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { title: 'Tributary pipeline test file (version 1)', ...json };
}
