/**
 * Compiles a `Rex` into a JavaScript closure over a row (an array of SQL values by position):
 * no generated source, no eval — each operator is a closure over its compiled operands. Values
 * follow `types/values.ts`; NULL propagates as SQL says (a NULL operand gives NULL unless the
 * operator says otherwise: AND/OR/IS/COALESCE/CASE/CONCAT_WS/…). Where Flink would fail the job
 * the closure throws `SqlRuntimeError` (the operator routes the record to `errors`); a literal
 * argument Flink rejects while planning (a LIKE pattern with a bad escape) throws at compile
 * time instead, which `compileSql` turns into a problem.
 */
import type { Rex } from '../analyze/rex.ts';
import { decodeValue } from '../types/json-codec.ts';
import type { SqlRow, SqlValue } from '../types/values.ts';
import { ARITHMETIC_OPS } from './arithmetic.ts';
import { CAST_OPS } from './cast.ts';
import { LOGIC_OPS } from './logic.ts';
import { MATH_OPS } from './math.ts';
import type { CallRex, CompiledExpression, OpCompiler } from './op-types.ts';
import { STRING_OPS } from './strings.ts';
import { TEMPORAL_OPS } from './temporal.ts';
import { JSON_OPS } from './json-value.ts';

export type { CompiledExpression } from './op-types.ts';

const OPS: Record<string, OpCompiler> = {
  ...LOGIC_OPS,
  ...ARITHMETIC_OPS,
  ...CAST_OPS,
  ...MATH_OPS,
  ...STRING_OPS,
  ...TEMPORAL_OPS,
  ...JSON_OPS,
};

/** The value of a literal, decoded once. */
export function literalValue(rex: Extract<Rex, { kind: 'literal' }>): SqlValue {
  return rex.type.kind === 'NULL' ? null : decodeValue({ ...rex.type, nullable: true } as typeof rex.type, rex.value);
}

/**
 * A closure computing `rex` on a row whose field `i` is what `rex`'s input references with
 * index `i` read.
 * @throws SqlRuntimeError when a literal argument is invalid (as Flink fails while planning).
 * @throws Error for an operator this compiler does not know (a bug: analysis only emits known ones).
 */
export function compileExpression(rex: Rex): CompiledExpression {
  switch (rex.kind) {
    case 'input': {
      const i = rex.index;
      return (row: SqlRow) => row[i] ?? null;
    }
    case 'literal': {
      const v = literalValue(rex);
      return () => v;
    }
    case 'symbol': {
      const v = rex.value;
      return () => v;
    }
    case 'call': {
      const op = OPS[rex.op];
      if (op === undefined) throw new Error(`No implementation for SQL operator ${rex.op}`);
      return op(rex as CallRex, rex.operands.map(compileExpression));
    }
  }
}

/** A predicate closure: true only when the condition is TRUE (NULL counts as not satisfied). */
export function compilePredicate(rex: Rex): (row: SqlRow) => boolean {
  const f = compileExpression(rex);
  return (row) => f(row) === true;
}
