/**
 * Lookup join against a static table file (Flink SQL's lookup join with a table that does not
 * change during the run): the table is read once at `open`, indexed by `tableKey`; each record
 * is joined with every matching table row (`select` columns, named `prefix + column`). With no
 * match, `leftOuter` emits the record with those columns set to null and `inner` filters it.
 */
import type { LookupJoinConfig } from '../../pipeline/nodes/joins.ts';
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { Row } from '../row.ts';
import { readTableFile } from '../../connectors/table-file.ts';
import { fieldKeySelector } from '../key-selector.ts';
import { ownField } from '../own-field.ts';

export function lookupJoinOperator(ctx: OperatorContext<LookupJoinConfig>, streamKey: KeySelector): Operator {
  const config = ctx.config;
  const out = ctx.output('out');
  const m = ctx.metrics;
  const index = new Map<string, Row[]>();
  let columns: string[] = [];
  let nulls: Row = {};

  const project = (tableRow: Row): Row => {
    const added: Row = {};
    for (const c of columns) added[config.prefix + c] = ownField(tableRow, c) ?? null;
    return added;
  };

  return {
    async open() {
      const path = ctx.resolvePath(config.table);
      const rows = await readTableFile(path, config.format);
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
