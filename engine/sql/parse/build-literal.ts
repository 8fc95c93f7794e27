/**
 * Literal parse trees to AST literals: strings (a backquoted token the grammar took for a string
 * is a name), exact and approximate numbers (their text kept for exact DECIMAL typing), booleans,
 * NULL, and interval literals checked by `parseIntervalLiteral`.
 */
import type * as P from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import type { Expr } from './ast.ts';
import { sp } from './parser.ts';
import { parseIntervalLiteral, unquoteString } from './literals.ts';

function unsupported(ctx: P.ConstantContext | P.TimeIntervalExpressionContext, construct: string, message: string): Expr {
  return { kind: 'unsupported', construct, message, span: sp(ctx) };
}

/** A constant: string, number, boolean, NULL or interval literal. */
export function buildConstant(ctx: P.ConstantContext, text: string, names: (c: P.StringLiteralContext) => Expr): Expr {
  const span = sp(ctx);
  const interval = ctx.timeIntervalExpression();
  if (interval !== null) return buildInterval(interval, text);
  const str = ctx.stringLiteral();
  if (str !== null) {
    const raw = str.getText();
    if (raw.startsWith('`')) return names(str);
    if (raw.startsWith('"')) return unsupported(ctx, 'string', `Flink SQL writes strings in single quotes ('text'), not ${raw}.`);
    return { kind: 'literal', literal: { type: 'string', value: unquoteString(raw) }, span };
  }
  const dec = ctx.decimalLiteral();
  if (dec !== null) return { kind: 'literal', literal: { type: 'exact', text: (ctx.HYPHEN_SIGN() !== null ? '-' : '') + dec.getText() }, span };
  const real = ctx.REAL_LITERAL();
  if (real !== null) {
    const t = real.getText();
    return { kind: 'literal', literal: /e/i.test(t) ? { type: 'approx', text: t } : { type: 'exact', text: t }, span };
  }
  const bool = ctx.booleanLiteral();
  if (bool !== null) return { kind: 'literal', literal: { type: 'boolean', value: bool.KW_TRUE() !== null }, span };
  if (ctx.KW_NULL() !== null && ctx.KW_NOT() === null) return { kind: 'literal', literal: { type: 'null' }, span };
  return unsupported(ctx, 'literal', `The literal ${ctx.getText()} is not supported by the sql node.`);
}

/** `INTERVAL '…' unit [TO unit]`. */
export function buildInterval(ctx: P.TimeIntervalExpressionContext, text: string): Expr {
  const span = sp(ctx);
  const multi = ctx.errorCapturingMultiUnitsInterval();
  const range = ctx.errorCapturingUnitToUnitInterval();
  let valueText: string | undefined;
  let from: string | undefined;
  let to: string | undefined;
  if (multi !== null && multi.unitToUnitInterval() === null && multi.multiUnitsInterval().intervalValue().length === 1) {
    valueText = multi.multiUnitsInterval().intervalValue(0)!.getText();
    from = multi.multiUnitsInterval().timeIntervalUnit(0)!.getText();
  } else if (range !== null && range._error1 === undefined && range._error2 === undefined) {
    const body = range._body!;
    valueText = body.intervalValue().getText();
    from = body.timeIntervalUnit(0)!.getText();
    to = body.timeIntervalUnit(1)!.getText();
  }
  if (valueText === undefined || from === undefined) return unsupported(ctx, 'INTERVAL', `Write an interval as INTERVAL '5' MINUTE or INTERVAL '1:30' HOUR TO MINUTE, not ${ctx.getText()}.`);
  if (!valueText.startsWith("'")) return unsupported(ctx, 'INTERVAL', `The interval value must be a quoted string: INTERVAL '${valueText}' ${from.toUpperCase()}.`);
  const r = parseIntervalLiteral(unquoteString(valueText), from, to);
  if (!r.ok) return unsupported(ctx, 'INTERVAL', r.message);
  return { kind: 'literal', literal: { type: 'interval', yearMonth: r.yearMonth, value: r.value, text: text.slice(span.start, span.end) }, span };
}
