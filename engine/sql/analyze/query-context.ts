/**
 * What a query's analysis shares: the problems found so far, the input tables (each with the
 * `rowtime` time attribute appended, as a table made from a DataStream with
 * `SOURCE_WATERMARK()`), and the WITH items visible at each point. Tables are looked up by exact
 * name, WITH items before inputs.
 */
import type { ProblemSink, Span } from '../problems.ts';
import { parseSqlType } from '../types/parse-type.ts';
import { T, type SqlColumn, type SqlType } from '../types/sql-type.ts';
import type { Rel } from './rel.ts';

/** A column of an input, as the node's upstream edges declare it. */
export interface SqlInputColumn {
  readonly name: string;
  /** A Flink type string (`"DECIMAL(10,2)"`) or an already parsed type. */
  readonly type: string | SqlType;
  /** True when the type was inferred from sample records rather than declared. */
  readonly inferred?: boolean;
}

/** The inputs of a sql node: one table per input edge, named by its upstream node id. */
export type SqlInputs = Readonly<Record<string, { readonly columns: readonly SqlInputColumn[] }>>;

/** A column of an analysed table, with whether its type was inferred. */
export interface TableColumn extends SqlColumn {
  readonly inferred?: boolean;
}

/** Name of the event-time column every input has. */
export const ROWTIME = 'rowtime';

/** Shared state of one query's analysis. */
export class QueryContext {
  private readonly ctes: Map<string, { rel: Rel; fields: readonly TableColumn[] }>[] = [];
  private readonly tables = new Map<string, { columns: TableColumn[] } | { error: string }>();

  constructor(
    readonly text: string,
    readonly problems: ProblemSink,
    inputs: SqlInputs,
  ) {
    for (const [name, input] of Object.entries(inputs)) this.tables.set(name, this.inputTable(name, input.columns));
  }

  private inputTable(name: string, columns: readonly SqlInputColumn[]): { columns: TableColumn[] } | { error: string } {
    const out: TableColumn[] = [];
    for (const c of columns) {
      if (c.name === ROWTIME) {
        return { error: `Input '${name}' has its own column '${ROWTIME}', which would hide the event time (the ${ROWTIME} time attribute every input gets); rename it upstream.` };
      }
      const parsed = typeof c.type === 'string' ? parseSqlType(c.type) : { ok: true as const, type: c.type };
      if (!parsed.ok) return { error: `Input '${name}', column '${c.name}': ${parsed.message}` };
      out.push({ name: c.name, type: parsed.type, ...(c.inferred === true ? { inferred: true } : {}) });
    }
    out.push({ name: ROWTIME, type: T.rowtime() });
    return { columns: out };
  }

  /** Runs `f` with the WITH items `items` visible. */
  withCtes<R>(items: Map<string, { rel: Rel; fields: readonly TableColumn[] }>, f: () => R): R {
    this.ctes.push(items);
    try {
      return f();
    } finally {
      this.ctes.pop();
    }
  }

  /** The WITH item or input called `name`: a WITH item's rel, or an input's columns. */
  lookup(name: string, span: Span): { rel: Rel; fields: readonly TableColumn[] } | { columns: readonly TableColumn[] } {
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const hit = this.ctes[i]!.get(name);
      if (hit !== undefined) return hit;
    }
    const t = this.tables.get(name);
    if (t === undefined) {
      const known = [...this.tables.keys(), ...this.ctes.flatMap((m) => [...m.keys()])];
      const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
      const hint = near !== undefined ? ` Did you mean '${near}'? (Names are case-sensitive.)` : known.length > 0 ? ` The inputs are: ${[...this.tables.keys()].join(', ')}.` : ' The node has no inputs.';
      return this.problems.fail(span, 'table', `Object '${name}' not found.${hint}`);
    }
    if ('error' in t) return this.problems.fail(span, 'input', t.error);
    return t;
  }
}
