/**
 * The pipeline document: the envelope of a `*.pipeline.json` file.
 *
 * Shape (DESIGN.md, "The pipeline document"):
 * `{ version: 1, name, nodes: [{ id, type, version, position, config, code? }],
 *    edges: [{ id, source, sourcePort, target, targetPort }] }`.
 *
 * Node configs are validated per node type (see `catalog.ts`), so this file only fixes the
 * envelope; `validate.ts` runs both passes and reports every problem with its place.
 */
import { z } from 'zod';
import { ReplaySettingsSchema } from './replay.ts';

/** The only document format version this build reads and writes. */
export const PIPELINE_FORMAT_VERSION = 1;

/** Node ids are used in file names (`<sinkId>.jsonl`) and CLI flags, so they are restricted. */
export const NodeIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a node id: a letter or _, then letters, digits, _ or -');

export const PositionSchema = z.object({ x: z.number(), y: z.number() });

/** A node as stored in the file, before its `config` is checked against its type. */
export const DocumentNodeSchema = z.object({
  id: NodeIdSchema,
  type: z.string().min(1).describe('node type id from the catalog, e.g. "tumblingWindow"'),
  version: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe("version of the node type's config schema"),
  label: z.string().optional(),
  position: PositionSchema.default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
  code: z.string().optional().describe('user TypeScript for code nodes'),
});

export const EdgeSchema = z.object({
  id: z.string().min(1),
  source: NodeIdSchema,
  sourcePort: z.string().default('out'),
  target: NodeIdSchema,
  targetPort: z
    .string()
    .optional()
    .describe("input port of the target: `in` when omitted, or the source node's id for nodes whose inputs are named by their edges (a sql node's tables)"),
});

export const CheckpointSettingsSchema = z.object({
  intervalMs: z.number().int().positive().max(86_400_000).describe('checkpoint interval in milliseconds of processing time'),
  retain: z.number().int().positive().max(1000).default(3).describe('complete checkpoints to keep'),
});

export const PipelineSettingsSchema = z.object({
  udfTimeoutMs: z
    .number()
    .int()
    .positive()
    .max(3_600_000)
    .default(1000)
    .describe('a user-code call that runs longer than this stops the run'),
  stateCacheEntries: z
    .number()
    .int()
    .positive()
    .max(100_000_000)
    .default(100_000)
    .describe('leveldb state backend: keyed-state entries kept in memory per operator'),
  maxHeapMb: z
    .number()
    .int()
    .min(64)
    .max(1_048_576)
    .default(4096)
    .describe("the job's JavaScript heap limit in MiB; beyond it the run fails naming the node whose code was running"),
  parallelism: z
    .number()
    .int()
    .positive()
    .max(32_768)
    .optional()
    .describe("Flink export: the exported job's parallelism.default (default 1); the embedded engine runs each node once"),
  replay: ReplaySettingsSchema.optional().describe(
    'how the sources of a run interleave (README, Semantics: replay of several sources); absent: aligned with more than one source, chunked with one',
  ),
});

export const PipelineDocumentSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(PIPELINE_FORMAT_VERSION, {
    error: (issue) =>
      issue.input === undefined
        ? 'missing "version" (this build reads version 1)'
        : `unsupported document version ${JSON.stringify(issue.input)}: this build reads version ${PIPELINE_FORMAT_VERSION}`,
  }),
  name: z.string().min(1),
  description: z.string().optional(),
  stateBackend: z
    .enum(['heap', 'leveldb'])
    .default('heap')
    .describe('heap: keyed state in memory; leveldb: in an embedded LevelDB with a bounded cache (state larger than memory)'),
  checkpoint: CheckpointSettingsSchema.optional(),
  settings: PipelineSettingsSchema.prefault({}),
  nodes: z.array(DocumentNodeSchema),
  edges: z.array(EdgeSchema).default([]),
});

export type DocumentNode = z.output<typeof DocumentNodeSchema>;
/** An edge with its target port resolved (validation fills in an omitted `targetPort`). */
export type Edge = Omit<z.output<typeof EdgeSchema>, 'targetPort'> & { targetPort: string };
/** A parsed document whose edges have their target ports resolved. */
export type PipelineDocument = Omit<z.output<typeof PipelineDocumentSchema>, 'edges'> & { edges: Edge[] };
/** The document as a user writes it (defaults not yet applied). */
export type PipelineDocumentInput = z.input<typeof PipelineDocumentSchema>;
