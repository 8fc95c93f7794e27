/**
 * EXPLAIN text for a plan, in the shape of Flink's optimized plan: one line per operator with
 * its attributes in brackets, children below it drawn with `+-` and `:-`, expressions in
 * Flink's prefix form (`>(delay, 60)`, `CAST(x AS INT)`), durations readable (`1 h`). The last
 * line lists the output columns with their types, `*ROWTIME*` marking time attributes.
 */
import type { SortKey } from '../analyze/rel.ts';
import type { Rex } from '../analyze/rex.ts';
import { uniqueNames } from '../analyze/analyze-select.ts';
import { formatType, type SqlColumn } from '../types/sql-type.ts';
import type { LogicalPlan, PlanAggregate, PlanNode, PlanWindow } from './logical-plan.ts';
import { inputsOfNode, isIdentity } from './calc-utils.ts';

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** `1 h`, `15 min`, `90 s`, `1500 ms`: the largest unit that divides the duration. */
export function formatDuration(ms: number): string {
  for (const [size, unit] of UNITS) if (ms !== 0 && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

/** An expression in Flink's plan notation, naming input fields by `names` where given. */
export function formatRex(rex: Rex, names?: readonly string[]): string {
  switch (rex.kind) {
    case 'input':
      return names?.[rex.index] ?? rex.name;
    case 'symbol':
      return rex.value;
    case 'literal': {
      const v = rex.value;
      if (v === null) return `null:${formatType(rex.type).replace(/ NOT NULL$/, '')}`;
      if (rex.type.kind === 'INTERVAL_DAY_TIME') return `INTERVAL ${formatDuration(Number(v))}`;
      if (rex.type.kind === 'INTERVAL_YEAR_MONTH') return `INTERVAL ${String(v)} MONTH`;
      if (rex.type.kind === 'CHAR' || rex.type.kind === 'VARCHAR') return `'${String(v).replace(/'/g, "''")}'`;
      if (typeof v === 'string' && rex.type.kind !== 'DECIMAL' && rex.type.kind !== 'BIGINT') return `${rex.type.kind} '${v}'`;
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    case 'call': {
      const args = rex.operands.map((o) => formatRex(o, names));
      if (rex.op === 'CAST' || rex.op === 'TRY_CAST') return `${rex.op}(${args[0]} AS ${formatType(rex.type).replace(/ NOT NULL$/, '')})`;
      if (rex.op === 'FIELD' && rex.operands[0]!.type.kind === 'ROW') {
        const row = rex.operands[0]!.type;
        return `${args[0]}.${row.fields[Number((rex.operands[1] as { value: number }).value)]!.name}`;
      }
      return `${rex.op}(${args.join(', ')})`;
    }
  }
}

function windowText(w: PlanWindow, names: readonly string[]): string {
  const parts = [`time_col=[${names[w.timeAttribute.index] ?? w.timeAttribute.name}]`];
  if (w.kind === 'SESSION') parts.push(`gap=[${formatDuration(w.gapMs!)}]`);
  if (w.kind === 'HOP') parts.push(`size=[${formatDuration(w.sizeMs!)}]`, `slide=[${formatDuration(w.slideMs!)}]`);
  if (w.kind === 'CUMULATE') parts.push(`max_size=[${formatDuration(w.sizeMs!)}]`, `step=[${formatDuration(w.stepMs!)}]`);
  if (w.kind === 'TUMBLE') parts.push(`size=[${formatDuration(w.sizeMs!)}]`);
  if (w.offsetMs !== undefined) parts.push(`offset=[${formatDuration(w.offsetMs)}]`);
  return `${w.kind}(${parts.join(', ')})`;
}

function projectionText(projection: readonly Rex[], fields: readonly SqlColumn[], names: readonly string[]): string {
  return projection.map((p, i) => {
    const text = formatRex(p, names);
    return text === fields[i]!.name ? text : `${text} AS ${fields[i]!.name}`;
  }).join(', ');
}

function aggText(a: PlanAggregate, names: readonly string[]): string {
  const args = a.args.length === 0 && a.fn === 'COUNT' ? '*' : a.args.map((x) => formatRex(x, names)).join(', ');
  const sep = a.fn === 'LISTAGG' ? `, '${a.separator ?? ','}'` : '';
  return `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${args}${sep}) AS ${a.name}`;
}

function sortText(k: SortKey, names: readonly string[]): string {
  return `${formatRex(k.expr, names)} ${k.descending ? 'DESC' : 'ASC'}${k.nullsFirst === !k.descending ? '' : k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST'}`;
}

function names(fields: readonly SqlColumn[]): string[] {
  return uniqueNames(fields.map((f) => f.name));
}

/** The one-line description of a node (without its children). */
export function describeNode(node: PlanNode): string {
  const attrs: string[] = [];
  const opt = (label: string, r: Rex | undefined, n: readonly string[]) => r !== undefined && attrs.push(`${label}=[${formatRex(r, n)}]`);
  switch (node.kind) {
    case 'source':
      return `Source(table=[${node.table}], fields=[${node.fields.map((f) => f.name).join(', ')}])`;
    case 'calc': {
      const n = names(node.input.fields);
      attrs.push(`select=[${projectionText(node.projection, node.fields, n)}]`);
      opt('where', node.filter, n);
      return `Calc(${attrs.join(', ')})`;
    }
    case 'windowTableFunction': {
      const n = names(node.input.fields);
      const pk = node.partitionKeys.length > 0 ? `, partitionBy=[${node.partitionKeys.map((k) => formatRex(k, n)).join(', ')}]` : '';
      return `WindowTableFunction(window=[${windowText(node.window, n)}]${pk})`;
    }
    case 'windowAggregate': {
      const n = names(node.input.fields);
      const aggRow = [...node.groupKeys.map((g) => g.name), ...node.aggregates.map((a) => a.name), 'window_start', 'window_end', 'window_time'];
      attrs.push(`groupBy=[${node.groupKeys.map((g) => formatRex(g.expr, n)).join(', ')}]`, `window=[${windowText(node.window, n)}]`);
      if (node.partitionKeys.length > 0) attrs.push(`partitionBy=[${node.partitionKeys.map((k) => formatRex(k, n)).join(', ')}]`);
      opt('where', node.filter, n);
      attrs.push(`select=[${[...node.groupKeys.map((g) => formatRex(g.expr, n)), ...node.aggregates.map((a) => aggText(a, n)), 'window_start', 'window_end', 'window_time'].join(', ')}]`);
      opt('having', node.having, aggRow);
      if (!isIdentity(node.projection, aggRow.length) || node.fields.some((f, i) => f.name !== aggRow[i])) attrs.push(`project=[${projectionText(node.projection, node.fields, aggRow)}]`);
      return `WindowAggregate(${attrs.join(', ')})`;
    }
    case 'windowTopN': {
      const n = names(node.input.fields);
      const ranked = [...n, 'w0$o0'];
      attrs.push(
        `window=[${windowText(node.window, n)}]`,
        `partitionBy=[${[n[node.windowStart]!, n[node.windowEnd]!, ...node.partitionKeys.map((k) => formatRex(k, n))].join(', ')}]`,
        `orderBy=[${node.orderKeys.map((k) => sortText(k, n)).join(', ')}]`,
        `rankRange=[rankStart=${node.rankStart}, rankEnd=${node.rankEnd}]`,
        `outputRankNumber=[${node.outputRankNumber}]`,
      );
      opt('where', node.filter, ranked);
      attrs.push(`select=[${projectionText(node.projection, node.fields, ranked)}]`);
      return `WindowTopN(${attrs.join(', ')})`;
    }
    case 'intervalJoin':
    case 'windowJoin': {
      const ln = names(node.left.fields);
      const both = names([...node.left.fields, ...node.right.fields]);
      const rShown = both.slice(ln.length);
      attrs.push(`joinType=[${node.joinType}]`);
      if (node.kind === 'windowJoin') attrs.push(`window=[${windowText(node.window, ln)}]`);
      attrs.push(`leftKeys=[${node.leftKeys.map((k) => formatRex(k, ln)).join(', ')}]`, `rightKeys=[${node.rightKeys.map((k) => formatRex(k, rShown)).join(', ')}]`);
      if (node.kind === 'intervalJoin') {
        const b = node.bounds;
        attrs.push(`timeBounds=[${ln[b.leftTimeIndex]} - ${rShown[b.rightTimeIndex]} in [${formatDuration(b.lowerMs)}, ${formatDuration(b.upperMs)}]]`);
      }
      opt('where', node.residual, both);
      attrs.push(`select=[${projectionText(node.projection, node.fields, both)}]`);
      return `${node.kind === 'windowJoin' ? 'WindowJoin' : 'IntervalJoin'}(${attrs.join(', ')})`;
    }
    case 'union':
      return `Union(all=[true], union=[${node.fields.map((f) => f.name).join(', ')}])`;
  }
}

function render(node: PlanNode, prefix: string, childPrefix: string, out: string[]): void {
  out.push(prefix + describeNode(node));
  const kids = inputsOfNode(node);
  kids.forEach((k, i) => {
    const last = i === kids.length - 1;
    render(k, childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  '), out);
  });
}

/** The EXPLAIN text of a plan: the operator tree, then the output schema. */
export function explainPlan(plan: LogicalPlan): string {
  const lines: string[] = [];
  render(plan.root, '', '', lines);
  lines.push('', `Output: [${plan.output.map((c) => `${c.name} ${formatType(c.type)}`).join(', ')}]`);
  return lines.join('\n');
}
