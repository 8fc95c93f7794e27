/**
 * Typing of the aggregate functions a window aggregation supports (Flink's "Aggregate
 * Functions"): COUNT(*), COUNT(x) and COUNT(DISTINCT x) are BIGINT NOT NULL (COUNT(x) skips
 * NULLs); SUM and AVG take numerics, SUM(DECIMAL(p,s)) is DECIMAL(38,s), AVG(DECIMAL(p,s)) is
 * DECIMAL(38, max(6,s)), and for other numerics both keep the argument type — AVG of an INT is an
 * INT, truncated — (`sumType`/`avgType`); MIN and MAX take any orderable type; FIRST_VALUE and
 * LAST_VALUE any primitive type; LISTAGG(s [, separator]) concatenates strings with `,` by
 * default. SUM, AVG, MIN, MAX, FIRST_VALUE and LAST_VALUE are NULL over no non-null value, so
 * they are nullable when their argument is (Calcite's `ARG0_NULLABLE_IF_EMPTY`: a window
 * aggregate's groups are never empty, so a NOT NULL argument gives NOT NULL); LISTAGG is always
 * nullable (`ARG0_NULLABLE`). DISTINCT is allowed on COUNT, SUM, AVG, MIN and MAX.
 */
import { T, formatType, isCharacter, isNumeric, withNullable, withoutTimeAttribute, type SqlType } from '../../types/sql-type.ts';
import { avgType, sumType } from '../../types/type-rules.ts';
import type { AggCall } from '../rel.ts';
import type { Rex } from '../rex.ts';
import { failArgs, type CallSite } from './call-site.ts';

/** Names of the supported aggregate functions. */
export const AGGREGATE_FUNCTIONS = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', 'LISTAGG']);

/** Aggregates Flink has that the sql node does not plan. */
export const UNSUPPORTED_AGGREGATES = new Set(['STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP', 'COLLECT', 'JSON_OBJECTAGG', 'JSON_ARRAYAGG', 'ARRAY_AGG']);

const DISTINCT_OK = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

function orderable(t: SqlType): boolean {
  return t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'ROW' && t.kind !== 'NULL';
}

/**
 * The aggregate call's result type after checking its arguments; `star` is COUNT(*).
 * Fails (through `site`) with Calcite's argument error or a refusal.
 */
export function aggregateType(fn: AggCall['fn'], args: readonly Rex[], distinct: boolean, star: boolean, site: CallSite): SqlType {
  if (distinct && !DISTINCT_OK.has(fn)) return site.problems.fail(site.span, fn, `${fn}(DISTINCT …) is not supported.`);
  if (star && fn !== 'COUNT') failArgs(site, args, `'${fn}(<ANY>)'`);
  switch (fn) {
    case 'COUNT':
      if (!star && args.length !== 1) failArgs(site, args, "'COUNT(*)', 'COUNT(<ANY>)', 'COUNT(DISTINCT <ANY>)'");
      return T.bigint(false);
    case 'SUM':
    case 'AVG': {
      if (args.length !== 1 || !isNumeric(args[0]!.type)) failArgs(site, args, `'${fn}(<NUMERIC>)'`);
      return withNullable(fn === 'SUM' ? sumType(args[0]!.type) : avgType(args[0]!.type), args[0]!.type.nullable);
    }
    case 'MIN':
    case 'MAX':
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
      if (args.length !== 1 || !orderable(args[0]!.type)) failArgs(site, args, `'${fn}(<COMPARABLE_TYPE>)'`);
      return withNullable(withoutTimeAttribute(args[0]!.type), args[0]!.type.nullable);
    case 'LISTAGG': {
      const ok = args.length >= 1 && args.length <= 2 && args.every((a) => isCharacter(a.type) || a.type.kind === 'NULL');
      if (!ok) failArgs(site, args, "'LISTAGG(<STRING>)', 'LISTAGG(<STRING>, <STRING>)'");
      if (args.length === 2 && args[1]!.kind !== 'literal') {
        return site.problems.fail(site.span, 'LISTAGG', `LISTAGG's separator must be a string literal, not ${formatType(args[1]!.type)}.`);
      }
      return T.string(true);
    }
  }
}
