/**
 * The contract between a node type's Flink SQL translator (`engine/nodes/<type>/flink.ts`,
 * listed in `engine/nodes/flink-translators.ts`) and the exporter that assembles `job.sql`.
 *
 * Every node's output is a Flink SQL view named exactly as the node id, holding the record's
 * fields as columns plus `rowtime`, the record's timestamp (`TIMESTAMP_LTZ(3)`; a watermarked
 * event-time attribute where Flink keeps one). A translator reads its input streams, registers
 * the tables and views it needs through the {@link FlinkContext}, and returns its output
 * streams by port; a sink registers a table and an `INSERT INTO`. A node type Flink SQL cannot
 * express is an explicit refusal with the reason.
 *
 * Translators live in the `nodes` layer, below the exporter, so they get every piece of shared
 * machinery (quoting, intervals, the TypeScript-expression translator, parameters, sample
 * reading) from the context and import only types from here.
 */
import type { KeySpec, TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import type { KafkaTimeSpec } from '../../nodes/common/kafka-config.ts';
import type { SqlColumn, SqlType } from './sql-types.ts';
import type { SchemaColumn } from '../../pipeline/node-spec.ts';

/**
 * Where a stream's `rowtime` stands: a watermarked event-time attribute (windows and joins may
 * use it), a plain timestamp (Flink lost the attribute, e.g. `GREATEST` of an interval join's
 * two), a processing-time attribute (`PROCTIME()`), or no time at all.
 */
export type StreamTime = 'attribute' | 'plain' | 'processing';

/** The key a `keyBy` put on a stream (Flink's KeyedStream), for keyed nodes directly after it. */
export type StreamKey = { kind: 'fields'; fields: readonly string[] } | { kind: 'expression'; code: string };

/** Flink's changelog kind of a stream: insert-only, or updates by a unique key. */
export type Changelog = { kind: 'append' } | { kind: 'updating'; upsertKey: readonly string[] };

/** A node output as Flink SQL sees it: a view or table, its columns and its time. */
export interface FlinkStream {
  /** The view or table to select from (unquoted). */
  name: string;
  /** The record's fields, in order; `rowtime` is not one of them. */
  columns: readonly SqlColumn[];
  time: StreamTime;
  key?: StreamKey;
  changelog: Changelog;
}

/** The node being translated, with its validated config (defaults applied, durations in ms). */
export interface FlinkNode<Config> {
  id: string;
  type: string;
  config: Config;
  code?: string;
  /** Typed inputs (the sql node): each input port's columns with their SQL types, as validated. */
  inputSchemas?: Readonly<Record<string, readonly SchemaColumn[]>>;
}

/** Input streams by input port id (several for a union or a sink with several edges). */
export type FlinkInputs = Readonly<Record<string, readonly FlinkStream[]>>;
/** Output streams by output port id. A connected port without a stream refuses the export. */
export type FlinkOutputs = Readonly<Record<string, FlinkStream>>;

/** How a node type becomes Flink SQL: a translation, or a refusal with its reason. */
export type FlinkTranslator<Config> =
  | { kind: 'translate'; translate(node: FlinkNode<Config>, inputs: FlinkInputs, ctx: FlinkContext): FlinkOutputs | Promise<FlinkOutputs> }
  | { kind: 'refuse'; construct: string; reason: string };

/** A value translated from TypeScript: its SQL and type. */
export interface SqlValue {
  sql: string;
  type: SqlType;
}

/** A column of a record translated from TypeScript (`map` code, join code). */
export interface SqlField extends SqlValue {
  name: string;
  /** Copied by a spread from a field absent from some records (see `SqlColumn.missing`). */
  missing?: boolean;
}

/** What a code parameter (`event`, `left`, `right`) stands for: a stream's row under an alias. */
export interface CodeParam {
  /** Table alias the columns are qualified with (`l`.`x`), or none. */
  alias?: string;
  columns: readonly SqlColumn[];
}

/** TypeScript (the documented subset) to Flink SQL; anything outside it refuses the node. */
export interface CodeTranslator {
  /** A condition, with JavaScript's truthiness (`filter` code). Never NULL. */
  predicate(code: string, params: Readonly<Record<string, CodeParam>>, field?: string): string;
  /** A value (key and event-time expressions). */
  value(code: string, params: Readonly<Record<string, CodeParam>>, field?: string): SqlValue;
  /** A record: an object literal (with spreads of parameters) or a parameter itself. */
  record(code: string, params: Readonly<Record<string, CodeParam>>, field?: string): SqlField[];
}

/** A `CREATE TABLE` (source, lookup table or sink). */
export interface TableDefinition {
  name: string;
  /** Column definitions as written, e.g. `` `delay` BIGINT `` or `` `rowtime` AS … ``. */
  columns: readonly string[];
  /** `WATERMARK FOR …` and `PRIMARY KEY (…) NOT ENFORCED` lines. */
  constraints?: readonly string[];
  /** The WITH options, in order; values are written as SQL strings. */
  options: readonly (readonly [string, string])[];
  /** A comment above the statement (one line). */
  comment?: string;
}

/** How a source's event time and watermarks become columns and options. */
export interface SourceTime {
  /** Computed column definitions to add (the `rowtime` column). */
  columns: string[];
  /** The WATERMARK line, if event time. */
  watermark?: string;
  /** Connector options (`scan.watermark.*`). */
  options: [string, string][];
  /** A condition true for rows whose time could be read (the others go to `errors` in Tributary). */
  valid?: string;
  time: StreamTime;
}

/** A parameter of the exported job (a path, topic list or broker list). */
export interface FlinkParamRequest {
  field: string;
  kind: 'path' | 'folder' | 'list' | 'text';
  /** The value from the document (paths already absolute). */
  value: string | readonly string[];
  description: string;
}

/** The shared machinery a translator uses. Throws from `refuse` end the node's translation. */
export interface FlinkContext {
  readonly nodeId: string;
  readonly pipelineName: string;
  /** Whether this export is for `flink-check` (sinks redirected to the check's folders). */
  readonly forCheck: boolean;
  /** Refuses the node (one problem per node): `construct` is what cannot be exported. @throws always. */
  refuse(construct: string, reason: string, field?: string): never;
  /** A difference only late data can show: a warning (a refusal with `--strict`); the README repeats it. */
  warn(construct: string, message: string, field?: string): void;
  /** A sentence for the README's notes about this node. */
  note(text: string): void;
  /** Quotes an identifier with backticks. */
  ident(name: string): string;
  /** A SQL string literal. */
  str(value: string): string;
  /** The DDL text of a column type (`BIGINT`, `ROW<…>`). */
  sqlType(type: SqlType): string;
  /** An interval literal, or a refusal naming `field` when the duration cannot be one. */
  interval(ms: number, field: string): string;
  /** A unique name for an auxiliary table or view of this node (`<id>__<suffix>`). */
  auxName(suffix: string): string;
  /** Registers `CREATE VIEW name AS select`. @returns the stream it is. */
  view(name: string, select: string, shape: Omit<FlinkStream, 'name'>): FlinkStream;
  table(definition: TableDefinition): void;
  /** Registers `INSERT INTO table select` in the statement set. */
  insert(table: string, select: string): void;
  /** Declares a parameter. @returns its value after `--param` substitution. */
  param(request: FlinkParamRequest): string | readonly string[];
  /** An absolute path for a path in the document (relative to the pipeline's folder). */
  resolvePath(path: string): string;
  /** Reads the first records of a data file, as Tributary would read them. @throws Error. */
  readSample(path: string, format: 'jsonl' | 'csv', csv?: { delimiter: string; columns?: Record<string, string> }): Promise<Record<string, unknown>[]>;
  /** Writes records as JSON lines into the export folder (`data/<node id>.jsonl`). @returns the absolute path. */
  writeData(rows: readonly Record<string, unknown>[]): Promise<string>;
  /** Column types of sample records, or a refusal naming the clashing field. */
  columnsOf(rows: readonly Record<string, unknown>[], what: string): SqlColumn[];
  /** The `rowtime` column, watermark and options of a source. */
  sourceTime(time: TimeSpec | KafkaTimeSpec, watermarks: WatermarkSpec, columns: readonly SqlColumn[], field: string): SourceTime;
  /**
   * The key of a stream: its own `spec`, else the key of a keyBy directly upstream; fields are
   * checked, an expression is translated (qualified by `alias` when given). `undefined`: no key.
   */
  key(stream: FlinkStream, spec: KeySpec | undefined, field: string, alias?: string): ResolvedKey | undefined;
  /** `UNION ALL` of streams into one select with the union of their columns. */
  unionAll(streams: readonly FlinkStream[]): { select: string; columns: SqlColumn[]; time: StreamTime };
  /** The select list of a stream's columns and `rowtime`, qualified by `alias` when given. */
  selectList(stream: FlinkStream, alias?: string): string;
  readonly code: CodeTranslator;
  /** A sample of this source's records (JSON lines) given with `--sample`/`--input`, if any. */
  readonly samplePath?: string;
  /** Says where a sink writes (README, `flink-check`). */
  sink(info: { connector: 'filesystem' | 'kafka' | 'upsert-kafka' | 'print' | 'blackhole'; folder?: string; topic?: string }): void;
  /** The job needs checkpoints (a Kafka exactly-once sink commits on them). */
  needCheckpoints(): void;
}

/** A key resolved on a stream. */
export type ResolvedKey =
  | { kind: 'fields'; fields: readonly string[]; columns: readonly SqlColumn[] }
  /** An expression key: `sql` is the key as a string (`String(result)` in Tributary). */
  | { kind: 'expression'; sql: string };
