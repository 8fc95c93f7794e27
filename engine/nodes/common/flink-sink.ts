/**
 * What the sinks' Flink SQL translators share: one select over all of a sink's inputs (a sink
 * with several edges writes them all; in SQL that is a `UNION ALL`), its columns, and the
 * refusal of updating streams for append-only connectors.
 */
import type { SqlColumn } from '../../export/flink/sql-types.ts';
import type { Changelog, FlinkContext, FlinkInputs } from '../../export/flink/translator.ts';

/** The rows a sink writes: a select over its input(s) and their columns (`rowtime` not included). */
export function sinkInput(ctx: FlinkContext, inputs: FlinkInputs, appendOnly: string | undefined): { from: string; columns: readonly SqlColumn[]; changelog: Changelog } {
  const streams = inputs.in ?? [];
  if (streams.length === 0) return ctx.refuse('input', 'not connected');
  if (appendOnly && streams.some((s) => s.changelog.kind !== 'append'))
    ctx.refuse('an updating stream', `${appendOnly} takes append-only rows; the input updates earlier rows (a non-windowed GROUP BY)`, 'in');
  if (streams.length === 1) {
    const s = streams[0] as (typeof streams)[number];
    return { from: ctx.ident(s.name), columns: s.columns, changelog: s.changelog };
  }
  const union = ctx.unionAll(streams);
  return { from: `(\n${union.select}\n)`, columns: union.columns, changelog: { kind: 'append' } };
}

/** `SELECT a, b FROM …` of the columns. */
export function selectColumns(ctx: FlinkContext, columns: readonly SqlColumn[], from: string): string {
  return `SELECT ${columns.map((c) => ctx.ident(c.name)).join(', ')}\nFROM ${from}`;
}

/** Column definitions for a sink table. */
export function columnDefinitions(ctx: FlinkContext, columns: readonly SqlColumn[]): string[] {
  if (columns.length === 0) ctx.refuse('records without fields', 'a Flink table needs at least one column');
  return columns.map((c) => `${ctx.ident(c.name)} ${ctx.sqlType(c.type)}`);
}
