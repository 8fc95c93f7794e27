/**
 * The one typed message protocol between the editor and an engine host (DESIGN.md, Layout).
 * Both transports speak it: WebSocket (`web-server.ts`) and Electron (a utilityProcess reached
 * by a MessagePort). Every message is a zod schema, so a transport validates what it receives
 * before the host sees it.
 *
 * - Requests `{ kind: 'request', id, call, args }` are answered by exactly one response
 *   `{ kind: 'response', id, ok, result | error }`.
 * - Events `{ kind: 'event', event }` are pushed by the host: run started, live metrics
 *   (throttled to about ten a second), run finished / failed, logs.
 *
 * Pure zod, no Node modules: the renderer imports these schemas and types.
 */
import { z } from 'zod';
import { CheckpointId, RunId, WorkspacePath } from './protocol-common.ts';
import type { StateKeySchema} from './protocol-state.ts';
import { CheckpointMetricsSchema, RunCheckpointingSchema, RunRestoreSchema, StateDiffResultSchema, StateInfoResultSchema, StateKeysResultSchema, StatePointsResultSchema } from './protocol-state.ts';

export { CheckpointMetricsSchema, RunCheckpointingSchema, RunRestoreSchema, StateKeySchema } from './protocol-state.ts';
import { KafkaSasl, KafkaTls } from '../nodes/common/kafka-config.ts';
import { AcceptGoldenResultSchema, CompareResultSchema, RunTestsResultSchema, type OutputDiffSchema, type TestOutcomeSchema } from './protocol-tests.ts';
import { ReplaySummarySchema } from '../pipeline/replay.ts';
import { MetricsSnapshotSchema } from './protocol-metrics.ts';
import { DEBUG_CALLS, RunDebugSchema } from './protocol-debug.ts';

export { MetricsSnapshotSchema } from './protocol-metrics.ts';

export const ProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

/** A column of a stream's schema and its Flink SQL type (`SchemaColumn`); `inferred` when guessed from samples. */
export const SchemaColumnSchema = z.object({ name: z.string(), type: z.string(), inferred: z.boolean().optional() });

/** The known schemas of one node (`NodeSchemas`, `engine/pipeline/schemas.ts`): per input port, and its record output. */
export const NodeSchemasSchema = z.object({
  inputs: z.record(z.string(), z.array(SchemaColumnSchema)),
  output: z.array(SchemaColumnSchema).optional(),
});
export type ProtocolNodeSchemas = z.infer<typeof NodeSchemasSchema>;

const RowSchema = z.record(z.string(), z.unknown());
export const SampledRecordSchema = z.object({
  row: RowSchema,
  timestamp: z.number(),
  /** Arrival positions at the node of the input records this row was formed from (`capabilities.provenance`). */
  inputs: z.array(z.number()).optional(),
  /** An input sample's own arrival position at the node. */
  position: z.number().optional(),
});
export const SpeedSchema = z.union([z.literal('max'), z.number().positive()]);
/**
 * A run's replay speed: `max` or a multiple of event time overrides every source's own `speed`
 * field (as `tributary run --speed` does); `sources` leaves each source at its own.
 */
export const RunSpeedSchema = z.union([SpeedSchema, z.literal('sources')]);

export const RunSummarySchema = z.object({
  status: z.enum(['finished', 'stopped']),
  durationMs: z.number(),
  recordsRead: z.number(),
  nodes: z.array(MetricsSnapshotSchema),
  /** How the sources were interleaved and how far each one's watermark led (`pipeline/replay.ts`). */
  replay: ReplaySummarySchema.optional(),
});

/** The steps of a "Check against Flink", in order (engine/export/flink/check/flink-check.ts). */
export const FLINK_CHECK_PHASES = ['export', 'flink-start', 'flink-run', 'tributary-run', 'compare'] as const;

const DiffSideSchema = z.object({ count: z.number().int().nonnegative(), first: z.array(RowSchema) });

/** One sink's comparison of the two engines' rows (engine/export/flink/check/sink-diff.ts). */
export const SinkDiffSchema = z.object({
  nodeId: z.string(),
  equal: z.boolean(),
  tributaryRows: z.number().int().nonnegative(),
  flinkRows: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  onlyFlink: DiffSideSchema,
  onlyTributary: DiffSideSchema,
});

/** The outcome of a check: compared (equal or not), or why it could not compare. */
export const FlinkCheckResultSchema = z.object({
  status: z.enum(['compared', 'invalid', 'refused', 'unavailable', 'failed']),
  equal: z.boolean().optional(),
  sinks: z.array(SinkDiffSchema).default([]),
  /** Validation problems (`invalid`) or the export's refusals (`refused`). */
  problems: z.array(ProblemSchema).default([]),
  /** The export's warnings (differences only late data shows). */
  warnings: z.array(ProblemSchema).default([]),
  /** Why it failed or could not run (`failed`, `unavailable`). */
  message: z.string().optional(),
  /** Which side failed. */
  engine: z.enum(['flink', 'tributary', 'check']).optional(),
  flinkMs: z.number().optional(),
  tributaryMs: z.number().optional(),
});

/** Every call: its argument and result schemas. Adding a call here adds it to every transport. */
export const CALLS = {
  /** Full validation, with code compile (TRB011 carries line:column for markers). */
  validate: {
    args: z.object({ document: z.unknown() }),
    /** `schemas`: by node id, what validation knows of its inputs' and output's columns (sql nodes, sources). */
    result: z.object({ problems: z.array(ProblemSchema), schemas: z.record(z.string(), NodeSchemasSchema).default({}) }),
  },
  /** Starts a run; refused (with the problems) while the document is invalid. */
  run: {
    args: z.object({
      document: z.unknown(),
      /** Folder (workspace-relative) that relative paths in the document resolve against. */
      baseDir: z.string().max(1024).default('.'),
      speed: RunSpeedSchema.default('max'),
      /** The file the document was opened from (workspace path): its folder must be trusted. */
      documentPath: WorkspacePath.optional(),
      /** Take checkpoints (events `checkpoint`); none without. */
      checkpointing: RunCheckpointingSchema.optional(),
      /** Start from this point instead of fresh (a checkpoint needs `checkpointing`: its store). */
      restore: RunRestoreSchema.optional(),
      /** Flink's `--allowNonRestoredState`: state of nodes the pipeline no longer has is dropped. */
      allowNonRestoredState: z.boolean().optional(),
      /** Debug the run (`protocol-debug.ts`): start paused, step it, set breakpoints. */
      debug: RunDebugSchema.optional(),
    }),
    result: z.union([
      z.object({ started: z.literal(true), runId: RunId }),
      z.object({ started: z.literal(false), problems: z.array(ProblemSchema) }),
    ]),
  },
  stop: { args: z.object({ runId: RunId }), result: z.object({}) },
  pause: { args: z.object({ runId: RunId }), result: z.object({}) },
  resume: { args: z.object({ runId: RunId }), result: z.object({}) },
  /** Latest records of a node's output port (`out`, `late`, `errors`, ...) in a live run. */
  samples: {
    args: z.object({ runId: RunId, nodeId: z.string(), port: z.string().default('out') }),
    result: z.object({ records: z.array(SampledRecordSchema) }),
  },
  /** Rows a file sink wrote in a run (the run's output folder), paged. */
  sinkRows: {
    args: z.object({
      runId: RunId,
      nodeId: z.string(),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(100_000).default(10_000),
    }),
    result: z.object({ rows: z.array(RowSchema), total: z.number() }),
  },
  /**
   * The first records reaching `nodeId`'s input, for the code editor's `Input` type, and the
   * declared columns when the input comes straight from a Parquet or Avro file source.
   */
  inferSchema: {
    args: z.object({
      document: z.unknown(),
      baseDir: z.string().max(1024).default('.'),
      nodeId: z.string(),
      port: z.string().default('in'),
      /** As for `run`: the document's file, whose folder must be trusted (its code runs). */
      documentPath: WorkspacePath.optional(),
    }),
    result: z.object({
      records: z.array(RowSchema),
      /** The file's schema (Flink SQL and TypeScript types), when the input is a Parquet or Avro file source. */
      columns: z.array(z.object({ name: z.string(), sqlType: z.string(), tsType: z.string(), nullable: z.boolean() })).optional(),
    }),
  },
  /** Whether the folder of the pipeline file at `path` is trusted (its code may run). */
  trustStatus: {
    args: z.object({ path: WorkspacePath }),
    result: z.object({ trusted: z.boolean(), folder: z.string() }),
  },
  /** Trusts the folder of the pipeline file at `path` (remembered in the user's config). */
  trust: {
    args: z.object({ path: WorkspacePath }),
    result: z.object({ folder: z.string() }),
  },
  listExamples: {
    args: z.object({}),
    result: z.object({ examples: z.array(z.object({ path: WorkspacePath, name: z.string(), description: z.string().optional() })) }),
  },
  /** The web's "open file" dialog: files under `examples/`. */
  listFiles: {
    args: z.object({ under: z.string().max(1024).default('examples'), suffix: z.string().max(64).optional() }),
    result: z.object({ files: z.array(WorkspacePath) }),
  },
  /**
   * Kafka nodes' "list topics" / "test connection": connects with the node's brokers and
   * security settings (as in the node's config: TLS files relative to `baseDir`, a workspace
   * folder; `{ env }` credentials read from the host's environment); `topic` is checked when
   * given. Failures are `ok: false` with one line naming the connection and the cause.
   */
  kafkaCheck: {
    args: z.object({
      brokers: z.array(z.string().min(1).max(255)).max(50),
      topic: z.string().max(249).optional(),
      ssl: z.union([z.boolean(), KafkaTls]).optional(),
      sasl: KafkaSasl.optional(),
      baseDir: z.string().max(1024).default('.'),
    }),
    result: z.object({ ok: z.boolean(), topics: z.array(z.string()).optional(), partitions: z.number().optional(), error: z.string().optional() }),
  },
  /**
   * File → Export: validates the document and writes a job bundle (`engine/export/bundle.ts`)
   * to `outDir` (workspace-relative, default `exports/<pipeline name slug>`). An invalid pipeline
   * is refused with an error listing its problems. `baseDir` is where the document's relative
   * paths resolve, as for `run`; the bundle keeps them as written (they are its parameters).
   * `documentPath`: the file the document was opened from; its test file beside it
   * (`NAME.pipeline.test.json`) goes into the bundle's `tests/` (`node job.mjs --test`).
   */
  exportBundle: {
    args: z.object({ document: z.unknown(), baseDir: z.string().max(1024).default('.'), outDir: z.string().min(1).max(1024).optional(), documentPath: WorkspacePath.optional() }),
    /** `dir`: the bundle's absolute folder; `shown`: the same, workspace-relative when inside the workspace (what the editor shows). */
    result: z.object({ dir: z.string(), shown: z.string(), bytes: z.number(), files: z.array(z.object({ name: z.string(), bytes: z.number() })) }),
  },
  /**
   * File → Export → Apache Flink: validates the document and writes a Flink SQL job
   * (`engine/export/flink/`: job.sql, README.md, params.json) to `outDir` (workspace-relative,
   * default `exports/<pipeline name slug>-flink`). A refused export is an error listing the
   * refusals; warnings (differences only late data shows) come with the result.
   */
  exportFlink: {
    args: z.object({ document: z.unknown(), baseDir: z.string().max(1024).default('.'), outDir: z.string().min(1).max(1024).optional(), strict: z.boolean().default(false) }),
    result: z.object({ dir: z.string(), shown: z.string(), files: z.array(z.object({ name: z.string(), bytes: z.number() })), warnings: z.array(ProblemSchema) }),
  },
  /**
   * "Check against Flink": exports the document, runs the job on a local Apache Flink and the
   * document on the embedded engine over the same sample, and compares every sink. Progress
   * comes as `flinkCheckProgress` events carrying the caller's `checkId`. The document's code
   * runs, so its folder must be trusted (as for `run`). One check at a time per host.
   */
  flinkCheck: {
    args: z.object({
      checkId: z.string().min(1).max(64),
      document: z.unknown(),
      baseDir: z.string().max(1024).default('.'),
      documentPath: WorkspacePath.optional(),
      /** Sample files (workspace paths) by source node id. */
      inputs: z.record(z.string(), WorkspacePath).default({}),
    }),
    result: FlinkCheckResultSchema,
  },
  /**
   * The Tests panel's "Run tests": runs the tests of the file beside `documentPath`
   * (`NAME.pipeline.test.json`) against the open document, each deterministically. Its code
   * runs, so the folder must be trusted.
   */
  runTests: {
    args: z.object({ document: z.unknown(), baseDir: z.string().max(1024).default('.'), documentPath: WorkspacePath }),
    result: RunTestsResultSchema,
  },
  /**
   * "Accept as golden": runs the open document on its own inputs (punctuated watermarks) and
   * writes what every sink (and unconnected `late`/`errors` output) received as the test `name`
   * (a JSON Lines source of more than `sample` records is cut to its first `sample`, written into the test)
   * of the test file beside `documentPath`, created when missing; a test of that name is replaced.
   */
  acceptGolden: {
    args: z.object({
      document: z.unknown(),
      baseDir: z.string().max(1024).default('.'),
      documentPath: WorkspacePath,
      name: z.string().min(1).max(200).default('accepted run'),
      /** Records kept per large JSON Lines source, written into the test. */
      sample: z.number().int().positive().max(100_000).default(200),
    }),
    result: AcceptGoldenResultSchema,
  },
  /**
   * "Compare with saved version": runs the file at `documentPath` (A) and the open document (B)
   * on the same inputs and compares every sink and every shared node output, by key.
   * "Compare with file…": A is the pipeline file at `againstPath` instead (its folder trusted too).
   */
  compareWithSaved: {
    args: z.object({ document: z.unknown(), baseDir: z.string().max(1024).default('.'), documentPath: WorkspacePath, againstPath: WorkspacePath.optional() }),
    result: CompareResultSchema,
  },
  /**
   * "Savepoint now": a savepoint of the running job (with `checkpointing`) at its next
   * checkpoint barrier, written to `<checkpoint dir>/savepoints/<name>` as `tributary run`'s
   * SIGUSR2 does; `name` is a file name (letters, digits, `.`, `_`, `-`) not taken yet.
   * Resolves once it is on disk, with its workspace path.
   */
  savepoint: {
    args: z.object({ runId: RunId, name: z.string().regex(/^[\w.-]{1,100}$/, 'a savepoint name is letters, digits, ".", "_" and "-"').refine((n) => n !== '.' && n !== '..', 'not a savepoint name') }),
    result: z.object({ dir: WorkspacePath }),
  },
  /**
   * The retained checkpoints of the store at `checkpointDir` (newest first; `busy` while a run
   * uses it: its checkpoints come as events) and the savepoints in its `savepoints` folder.
   */
  statePoints: {
    args: z.object({ checkpointDir: WorkspacePath }),
    result: StatePointsResultSchema,
  },
  /** A checkpoint (store `dir`, id `checkpoint`) or savepoint (`dir`) described: its nodes and their declared state. */
  stateInfo: {
    args: z.object({ dir: WorkspacePath, checkpoint: CheckpointId.optional() }),
    result: StateInfoResultSchema,
  },
  /**
   * A page of one node's keys at a point, in key order (UTF-8 bytes, as LevelDB sorts): up to
   * `limit` after `after`, those starting with `prefix`; `next` is the next page's cursor.
   */
  stateKeys: {
    args: z.object({
      dir: WorkspacePath,
      checkpoint: CheckpointId.optional(),
      nodeId: z.string().min(1),
      prefix: z.string().max(1024).optional(),
      after: z.string().optional(),
      limit: z.number().int().positive().max(1000).default(50),
    }),
    result: StateKeysResultSchema,
  },
  /**
   * The checkpoint diff: one node's keys added, removed and changed from point `from` to point
   * `to` (checkpoints or savepoints), with the state names whose entry differs and whether the
   * timers differ; all counted, the first `limit` listed in key order.
   */
  stateDiff: {
    args: z.object({
      from: z.object({ dir: WorkspacePath, checkpoint: CheckpointId.optional() }),
      to: z.object({ dir: WorkspacePath, checkpoint: CheckpointId.optional() }),
      nodeId: z.string().min(1),
      limit: z.number().int().positive().max(10_000).default(500),
    }),
    result: StateDiffResultSchema,
  },
  /** Reads a text file inside the workspace (examples, pipelines, data). */
  readFile: {
    args: z.object({ path: WorkspacePath }),
    result: z.object({ path: WorkspacePath, text: z.string() }),
  },
  ...DEBUG_CALLS,
} as const;

export type CallName = keyof typeof CALLS;
export type ProtocolOutputDiff = z.output<typeof OutputDiffSchema>;
export type ProtocolTestOutcome = z.output<typeof TestOutcomeSchema>;
export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export type CallArgs<C extends CallName> = z.input<(typeof CALLS)[C]['args']>;
export type CallArgsParsed<C extends CallName> = z.output<(typeof CALLS)[C]['args']>;
export type CallResult<C extends CallName> = z.output<(typeof CALLS)[C]['result']>;

/** The host as its clients see it: one named async function per call. */
export type HostApi = { [C in CallName]: (args: CallArgs<C>) => Promise<CallResult<C>> };

export const RequestSchema = z.discriminatedUnion(
  'call',
  CALL_NAMES.map((call) => z.object({ kind: z.literal('request'), id: z.number().int(), call: z.literal(call), args: CALLS[call].args })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<'request'>; id: z.ZodNumber; call: z.ZodLiteral<CallName>; args: z.ZodType }>,
  ],
);
export type Request = { kind: 'request'; id: number } & { [C in CallName]: { call: C; args: CallArgsParsed<C> } }[CallName];

export const ResponseSchema = z.union([
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type Response = z.output<typeof ResponseSchema>;

export const HostEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('runStarted'), runId: RunId, nodeIds: z.array(z.string()) }),
  z.object({ type: z.literal('metrics'), runId: RunId, elapsedMs: z.number(), nodes: z.array(MetricsSnapshotSchema) }),
  z.object({ type: z.literal('runFinished'), runId: RunId, summary: RunSummarySchema }),
  z.object({
    type: z.literal('runFailed'),
    runId: RunId,
    message: z.string(),
    /** The failure's catalogue code (`engine/pipeline/errors.ts`), when it has one. */
    code: z.string().optional(),
    nodeId: z.string().optional(),
    problems: z.array(ProblemSchema).optional(),
    nodes: z.array(MetricsSnapshotSchema).optional(),
  }),
  z.object({ type: z.literal('log'), runId: RunId, message: z.string() }),
  /** A checkpoint of a run completed (runs with `checkpointing`). */
  z.object({ type: z.literal('checkpoint'), runId: RunId, metrics: CheckpointMetricsSchema }),
  /** A step of a `flinkCheck` call has begun. */
  z.object({ type: z.literal('flinkCheckProgress'), checkId: z.string(), phase: z.enum(FLINK_CHECK_PHASES), message: z.string() }),
]);
export type HostEvent = z.output<typeof HostEventSchema>;

export const EventMessageSchema = z.object({ kind: z.literal('event'), event: HostEventSchema });
export type EventMessage = z.output<typeof EventMessageSchema>;

/** Anything a host sends to a client. */
export const HostMessageSchema = z.union([ResponseSchema, EventMessageSchema]);
export type HostMessage = z.output<typeof HostMessageSchema>;

export type ProtocolProblem = z.output<typeof ProblemSchema>;
export type ProtocolMetrics = z.output<typeof MetricsSnapshotSchema>;
export type ProtocolSample = z.output<typeof SampledRecordSchema>;
export type RunSummary = z.output<typeof RunSummarySchema>;
export type Speed = z.output<typeof SpeedSchema>;
export type RunSpeed = z.output<typeof RunSpeedSchema>;
export type ProtocolSinkDiff = z.output<typeof SinkDiffSchema>;
export type ProtocolFlinkCheckResult = z.output<typeof FlinkCheckResultSchema>;
export type ProtocolCheckpointMetrics = z.output<typeof CheckpointMetricsSchema>;
export type ProtocolStateKey = z.output<typeof StateKeySchema>;

/** Parses a raw incoming request; `undefined` error means valid. */
export function parseRequest(raw: unknown): { ok: true; request: Request } | { ok: false; id?: number; error: string } {
  const parsed = RequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data as Request };
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : undefined;
  const first = parsed.error.issues[0];
  return { ok: false, id, error: `bad request: ${first ? `${first.path.join('.') || '(message)'}: ${first.message}` : 'invalid'}` };
}

/** A client's calls awaiting their response, by request id. */
export type PendingCalls = Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;

/**
 * What every client transport does with a message from the host: an event goes to the
 * listeners; a response settles its pending call (an error response rejects it).
 */
export function dispatchHostMessage(message: HostMessage, listeners: Iterable<(event: HostEvent) => void>, pending: PendingCalls): void {
  if (message.kind === 'event') {
    for (const l of listeners) l(message.event);
    return;
  }
  const p = pending.get(message.id);
  pending.delete(message.id);
  if (message.ok) p?.resolve(message.result);
  else p?.reject(new Error(message.error));
}
