/**
 * `sql`: one Flink SQL `SELECT` (with `WITH` clauses) over the node's inputs, run by the embedded
 * engine with Flink 1.20's semantics. Every input edge is a table named by the edge (by default
 * the source node's id, `capabilities.namedInputs`); each table has the columns of its upstream
 * schema and `rowtime TIMESTAMP_LTZ(3) *ROWTIME*`, the record's event time, whose watermark is the
 * input's (a table made from a DataStream with `SOURCE_WATERMARK()`).
 *
 * Pure spec (the renderer imports it): the query is compiled by the operator factory's
 * `checkConfig` at validation and by the operator at start (`operator.ts`), never here.
 */
import { z } from 'zod';
import { ERRORS, LATE, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';

/** Per input table, per column, the SQL type inferred from sample records (the editor fills it). */
export const InferredSchemas = z
  .record(z.string().min(1), z.record(z.string().min(1), z.string().min(1)))
  .describe('per input table without a declared schema: column → SQL type, inferred from sample records (marked "inferred" in the editor)');

export const SqlConfig = z.object({
  query: z.string().min(1).describe('one Flink SQL SELECT statement (WITH allowed); each input edge is a table named by the edge, with a rowtime column'),
  inferred: InferredSchemas.optional(),
});
export type SqlConfig = z.output<typeof SqlConfig>;

const TEMPLATE = [
  'SELECT window_start, window_end, COUNT(*) AS n',
  "FROM TABLE(TUMBLE(TABLE input, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))",
  'GROUP BY window_start, window_end',
].join('\n');

export const sqlSpec: NodeTypeSpec<SqlConfig> = {
  type: 'sql',
  version: 1,
  category: 'transform',
  label: 'SQL',
  description:
    "Runs one Flink SQL SELECT over its inputs with Flink 1.20's results: each input edge is a table (named by the edge, by default the source node's id) with the upstream schema's columns and `rowtime TIMESTAMP_LTZ(3)`, the event time, as its time attribute. Projections, WHERE, window TVFs (TUMBLE, HOP, CUMULATE, SESSION) with aggregates, window Top-N, interval joins, window joins and UNION ALL run on the engine's keyed state and timers; anything else is refused at validation with its line:column. A row whose expression fails where Flink would fail the job goes to `errors`; rows a window drops as late go to `late`.",
  inputs: [],
  outputs: [OUT, LATE, ERRORS],
  config: SqlConfig,
  defaults: { query: TEMPLATE },
  capabilities: {
    namedInputs: { accepts: ['records', 'keyed'], label: 'table' },
    typedInputs: true,
    sqlQuery: { field: 'query' },
    state: [
      { name: 'w<n>/s<n>', kind: 'map', description: 'window aggregates: per group key, window → accumulators (s: sessions)' },
      { name: 'j<n>', kind: 'map', description: 'interval and window joins: per join key, rows of each side by time or window' },
      { name: 'r<n>/t<n>', kind: 'map', description: 'window Top-N and SESSION table functions: per partition, rows by window' },
      { name: 'timers', kind: 'timers', description: 'per key and window (or join cleanup time), shifted by the watermark delay of interval joins below' },
    ],
  },
  look: {
    icon: 'database',
    summary: (c) => (typeof c.query === 'string' ? c.query.replace(/\s+/g, ' ').trim().slice(0, 48) : ''),
  },
};
