/**
 * Values during translation and the JavaScript conversions Flink SQL needs spelled out:
 * truthiness (`if (x)` is `x <> 0` for a number, `x <> ''` for a string, and never NULL, so
 * `!`, `&&` and `||` behave as in JavaScript), `String(x)` (an integer prints the same in both,
 * a number with a fraction does not: JavaScript writes `2` where Flink writes `2.0`), and the
 * common type of two branches.
 */
import { BOOLEAN, DOUBLE, isNumeric, typeName, aType, unify, type SqlType } from '../sql-types.ts';
import { CodeRefusal } from './parse-code.ts';

/** A translated value. `notNull`: known never NULL (comparisons, truthiness, literals). */
export interface Val {
  sql: string;
  type: SqlType;
  notNull?: boolean;
  /**
   * `a && b` / `a || b` over values of different types: JavaScript's result is one of them, which
   * SQL cannot type, but its truthiness is known. Usable as a condition only; holds the code's text.
   */
  truthOnly?: string;
}

/** Refuses a condition-only value where a value is needed. @throws CodeRefusal. */
export function plain(v: Val): Val {
  if (v.truthOnly !== undefined) throw new CodeRefusal(v.truthOnly, 'mixes values of different types; it translates only as a condition (filter, ternary test, !)');
  return v;
}

/** JavaScript's truthiness as a never-NULL SQL condition. */
export function truthy(v: Val): string {
  switch (v.type.kind) {
    case 'BOOLEAN':
      return v.notNull ? v.sql : `COALESCE(${v.sql}, FALSE)`;
    case 'BIGINT':
    case 'DOUBLE':
      return `COALESCE(${v.sql} <> 0, FALSE)`;
    case 'STRING':
      return `COALESCE(${v.sql} <> '', FALSE)`;
    case 'NULL':
      return 'FALSE';
    default:
      return `(${v.sql} IS NOT NULL)`;
  }
}

/** A never-NULL boolean value. */
export function condition(sql: string): Val {
  return { sql, type: BOOLEAN, notNull: true };
}

/**
 * `String(v)` / template-literal text of a value.
 * @throws CodeRefusal for numbers with fractions (printed differently) and null.
 */
export function asText(v: Val, construct: string): string {
  switch (plain(v).type.kind) {
    case 'STRING':
      return v.sql;
    case 'BIGINT':
      return `CAST(${v.sql} AS STRING)`;
    case 'BOOLEAN':
      return `CASE WHEN ${v.sql} THEN 'true' WHEN NOT ${v.sql} THEN 'false' END`;
    case 'DOUBLE':
      throw new CodeRefusal(construct, 'a non-integer number turned into text: JavaScript writes 2 where Flink writes 2.0 (round it with Math.round/floor/ceil first)');
    default:
      throw new CodeRefusal(construct, `${typeName(v.type)} values cannot be turned into text in Flink SQL the way JavaScript does`);
  }
}

/** The common type of two branches (`?:`, `??`, `||` on values). @throws CodeRefusal. */
export function commonType(a: Val, b: Val, construct: string): SqlType {
  const t = unify(plain(a).type, plain(b).type);
  if (!t || t.kind === 'ROW' || t.kind === 'ARRAY')
    throw new CodeRefusal(construct, `its branches have different types (${typeName(a.type)} and ${typeName(b.type)}); a Flink column has one type`);
  return t;
}

/** `v` cast to `type` where Flink needs it (an integer branch beside a DOUBLE one, a NULL). */
export function castTo(v: Val, type: SqlType): string {
  if (v.type.kind === 'NULL') return type.kind === 'NULL' ? 'CAST(NULL AS STRING)' : `CAST(NULL AS ${sqlTypeName(type)})`;
  if (type.kind === 'DOUBLE' && v.type.kind === 'BIGINT') return `CAST(${v.sql} AS DOUBLE)`;
  return v.sql;
}

function sqlTypeName(type: SqlType): string {
  return type.kind === 'NULL' ? 'STRING' : type.kind;
}

/** Requires a number. @throws CodeRefusal naming the construct. */
export function requireNumber(v: Val, construct: string): void {
  if (!isNumeric(v.type)) throw new CodeRefusal(construct, `expects a number, got ${aType(v.type)}`);
}

/** The result type of `+ - *` on numbers. */
export function arithmeticType(a: Val, b: Val): SqlType {
  return a.type.kind === 'DOUBLE' || b.type.kind === 'DOUBLE' ? DOUBLE : a.type;
}

