/**
 * Lookup join against a static table file (Flink SQL's lookup join with a table that does not
 * change during the run): the table is read once at `open`, indexed by `tableKey`; each record
 * is joined with every matching table row (`select` columns, named `prefix + column`). With no
 * match, `leftOuter` emits the record with those columns set to null and `inner` filters it.
 */
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { fieldKeySelector } from '../key-selector.ts';
import { ownField } from '../own-field.ts';

/** What the lookup join needs of its node's config. */
export interface LookupJoinOptions {
  /** The table's name for messages (its path as configured). */
  table: string;
  tableKey: string[];
  select?: string[];
  prefix: string;
  mode: 'leftOuter' | 'inner';
}

/**
 * Reads the whole table once, at `open` (the node type passes a file reader; the runtime
 * knows no connectors). @throws Error when the table cannot be read.
 */
export type LookupTableReader = () => Promise<DataRecord[]>;

export function lookupJoinOperator(ctx: OperatorContext<LookupJoinOptions>, streamKey: KeySelector, readTable: LookupTableReader): Operator {
  const config = ctx.config;
  const out = ctx.output('out');
  const m = ctx.metrics;
  const index = new Map<string, DataRecord[]>();
  let columns: string[] = [];
  let nulls: DataRecord = {};

  const project = (tableRow: DataRecord): DataRecord => {
    const added: DataRecord = {};
    for (const c of columns) added[config.prefix + c] = ownField(tableRow, c) ?? null;
    return added;
  };

  return {
    async open() {
      const rows = await readTable();
      const tableKey = fieldKeySelector(config.tableKey);
      const seen = new Set<string>();
      for (const row of rows) {
        for (const c of Object.keys(row)) seen.add(c);
        const k = tableKey.key(row);
        const list = index.get(k);
        if (list) list.push(row);
        else index.set(k, [row]);
      }
      columns = config.select ?? [...seen];
      const missing = columns.filter((c) => !seen.has(c));
      if (rows.length > 0 && missing.length > 0)
        throw new Error(`node ${ctx.nodeId}: table ${config.table} has no column ${missing.map((c) => `"${c}"`).join(', ')}`);
      nulls = Object.fromEntries(columns.map((c) => [config.prefix + c, null]));
      ctx.log(`lookup table ${config.table}: ${rows.length} rows, ${index.size} keys`);
    },
    processElement(row, ts) {
      const matches = index.get(streamKey.key(row));
      if (!matches) {
        if (config.mode === 'inner') {
          m.filtered++;
          return;
        }
        m.accepted++;
        out.emit({ ...row, ...nulls }, ts);
        return;
      }
      m.accepted++;
      for (const t of matches) out.emit({ ...row, ...project(t) }, ts);
    },
  };
}
