/**
 * The JSON Schema of `*.pipeline.json`, generated from the same zod schemas the engine
 * validates with (`z.toJSONSchema`, input side: what a person writes). Each node is checked
 * against its own type's config schema (`oneOf` over the catalog, told apart by `type`).
 */
import { z } from 'zod';
import { NODE_TYPES } from './catalog.ts';
import { DocumentNodeSchema, PipelineDocumentSchema } from '../pipeline/document.ts';

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
