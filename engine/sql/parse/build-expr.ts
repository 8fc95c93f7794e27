/**
 * dt-sql-parser's expression parse trees to `Expr` AST nodes. The grammar is loose in places
 * and this is where that is settled: a `'…'` token (or digits) where the grammar saw a column
 * is a string (or number) literal and a backquoted token where it saw a string is a column (one STRING_LITERAL token
 * kind covers both); keyword forms the token patches turned into argument lists get their
 * options back (TRIM's mode); constructs we do not support become `unsupported` nodes.
 */
import type { ParseTree } from 'antlr4ng';
import { TerminalNode } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import { FlinkSqlLexer as L } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import type { Span } from '../problems.ts';
import type { CallOptions, Expr, JsonBehavior, OrderItem } from './ast.ts';
import { buildConstant, buildInterval } from './build-literal.ts';
import { identifierName, unquoteString } from './literals.ts';
import { sp } from './parser.ts';

export { sp };
import type { TokenPatches } from './token-patches.ts';
import { typeFromContext } from './type-ast.ts';

type Ctx = { start: P.ExpressionContext['start']; stop: P.ExpressionContext['stop'] };

function unsupported(ctx: Ctx, construct: string, message: string): Expr {
  return { kind: 'unsupported', construct, message, span: sp(ctx) };
}

/** Builds expressions, knowing what the token patches lifted out of the stream. */
export class ExprBuilder {
  constructor(
    private readonly patches: TokenPatches,
    readonly text: string,
  ) {}

  /** Any expression-like context. */
  expr(ctx: ParseTree): Expr {
    if (ctx instanceof P.ExpressionContext) return this.expr(ctx.booleanExpression());
    if (ctx instanceof P.BooleanExpressionContext) return this.bool(ctx);
    if (ctx instanceof P.ValueExpressionContext) return this.value(ctx);
    if (ctx instanceof P.PrimaryExpressionContext) return this.primary(ctx);
    if (ctx instanceof P.ColumnNameContext || ctx instanceof P.ColumnNamePathContext || ctx instanceof P.UidContext) {
      return this.names(ctx as unknown as Ctx & ParseTree);
    }
    return unsupported(ctx as unknown as Ctx, 'expression', `Unsupported expression ${ctx.getText()}.`);
  }

  private bool(ctx: P.BooleanExpressionContext): Expr {
    const span = sp(ctx);
    if (ctx instanceof P.LogicalNotContext) return { kind: 'unary', op: 'NOT', operand: this.expr(ctx.booleanExpression()), span };
    if (ctx instanceof P.ExistsContext) return unsupported(ctx, 'EXISTS', 'EXISTS subqueries are not supported by the sql node; use a join.');
    if (ctx instanceof P.LogicalBinaryContext) {
      const op = ctx.KW_AND() !== null ? 'AND' : 'OR';
      return { kind: 'binary', op, left: this.expr(ctx.booleanExpression(0)!), right: this.expr(ctx.booleanExpression(1)!), span };
    }
    if (ctx instanceof P.LogicalNestedContext) {
      const kind = ctx._kind?.type;
      const test = kind === L.KW_TRUE ? 'TRUE' : kind === L.KW_FALSE ? 'FALSE' : kind === L.KW_UNKNOWN ? 'UNKNOWN' : 'NULL';
      return { kind: 'is', expr: this.expr(ctx.booleanExpression()), test, not: ctx.KW_NOT() !== null, span };
    }
    if (ctx instanceof P.PredicatedContext) {
      const v = this.expr(ctx.valueExpression());
      const pred = ctx.predicate();
      return pred === null ? v : this.predicate(v, pred, span);
    }
    return unsupported(ctx, 'expression', `Unsupported expression ${ctx.getText()}.`);
  }

  private predicate(v: Expr, p: P.PredicateContext, span: Span): Expr {
    const not = p.KW_NOT() !== null;
    const like = p.likePredicate();
    if (like !== null) {
      if (like._quantifier !== null && like._quantifier !== undefined) return unsupported(p, 'LIKE ANY/ALL', 'LIKE ANY and LIKE ALL are not supported; combine LIKE predicates with OR/AND.');
      const esc = like.stringLiteral();
      const escText = esc === null ? undefined : unquoteString(esc.getText());
      return {
        kind: 'like',
        expr: v,
        pattern: this.expr(like._pattern!),
        not: like.KW_NOT() !== null,
        span,
        ...(escText === undefined ? {} : { escape: escText, escapeSpan: sp(esc!) }),
      };
    }
    switch (p._kind?.type) {
      case L.KW_BETWEEN:
        return { kind: 'between', expr: v, low: this.expr(p._lower!), high: this.expr(p._upper!), not, symmetric: p.KW_SYMMETRIC() !== null, span };
      case L.KW_IN:
        if (p.queryStatement() !== null) return unsupported(p, 'IN (subquery)', 'IN with a subquery is not supported by the sql node; use a join.');
        return { kind: 'in', expr: v, list: p.expression().map((e) => this.expr(e)), not, span };
      case L.KW_TRUE:
      case L.KW_FALSE:
      case L.KW_UNKNOWN:
      case L.KW_NULL: {
        const t = p._kind.type;
        const test = t === L.KW_TRUE ? 'TRUE' : t === L.KW_FALSE ? 'FALSE' : t === L.KW_UNKNOWN ? 'UNKNOWN' : 'NULL';
        return { kind: 'is', expr: v, test, not, span };
      }
      case L.KW_DISTINCT:
        return { kind: 'isDistinct', left: v, right: this.expr(p._right!), not, span };
      case L.KW_SIMILAR:
        return unsupported(p, 'SIMILAR TO', 'SIMILAR TO is not supported by the sql node; use LIKE or REGEXP.');
      default:
        return unsupported(p, p._kind?.text?.toUpperCase() ?? 'predicate', `The predicate ${p.getText()} is not supported by the sql node.`);
    }
  }

  private value(ctx: P.ValueExpressionContext): Expr {
    const span = sp(ctx);
    if (ctx instanceof P.ValueExpressionDefaultContext) return this.primary(ctx.primaryExpression());
    if (ctx instanceof P.ArithmeticUnaryContext) {
      const operand = this.expr(ctx.valueExpression());
      if (ctx.BIT_NOT_OP() !== null) return unsupported(ctx, '~', 'Bitwise operators are not supported by the sql node.');
      return { kind: 'unary', op: ctx.HYPHEN_SIGN() !== null ? '-' : '+', operand, span };
    }
    if (ctx instanceof P.ArithmeticBinaryContext) {
      const op = (ctx._operator?.text ?? '').toUpperCase();
      if (op === 'DIV' || op === '&' || op === '|' || op === '^') return unsupported(ctx, op, `The operator ${op} is not supported by Flink SQL; use / or MOD.`);
      return { kind: 'binary', op, left: this.expr(ctx.valueExpression(0)!), right: this.expr(ctx.valueExpression(1)!), span };
    }
    if (ctx instanceof P.ComparisonContext) {
      let op = ctx.comparisonOperator().getText();
      if (op === '!=') op = '<>';
      if (op === '<=>') return unsupported(ctx, '<=>', 'The operator <=> is not Flink SQL; use IS NOT DISTINCT FROM.');
      return { kind: 'binary', op, left: this.expr(ctx.valueExpression(0)!), right: this.expr(ctx.valueExpression(1)!), span };
    }
    return unsupported(ctx, 'expression', `Unsupported expression ${ctx.getText()}.`);
  }

  private primary(ctx: P.PrimaryExpressionContext): Expr {
    const span = sp(ctx);
    if (ctx instanceof P.ParenthesizedExpressionContext) return this.expr(ctx.expression());
    if (ctx instanceof P.ConstantDefaultContext) return buildConstant(ctx.constant(), this.text, (c) => this.names(c));
    if (ctx instanceof P.ColumnReferenceContext) return this.names(ctx.columnNamePath().uid());
    if (ctx instanceof P.DereferenceContext) return this.names(ctx.dereferenceDefinition().uid());
    if (ctx instanceof P.FunctionCallContext) return this.call(ctx.functionCallExpression());
    if (ctx instanceof P.CastContext) {
      const t = typeFromContext(ctx.columnType());
      if (!t.ok) return unsupported(ctx.columnType(), 'type', t.message);
      const tryCast = (ctx.start?.text ?? '').toUpperCase() === 'TRY_CAST';
      return { kind: 'cast', expr: this.expr(ctx.expression()), target: t.type, tryCast, span, typeSpan: sp(ctx.columnType()) };
    }
    if (ctx instanceof P.SearchedCaseContext || ctx instanceof P.SimpleCaseContext) {
      const whens = ctx.whenClause().map((w) => ({ when: this.expr(w._condition!), then: this.expr(w._result!) }));
      const otherwise = ctx._elseExpression === undefined ? undefined : this.expr(ctx._elseExpression);
      const operand = ctx instanceof P.SimpleCaseContext ? this.expr(ctx._value!) : undefined;
      return { kind: 'case', whens, span, ...(operand === undefined ? {} : { operand }), ...(otherwise === undefined ? {} : { otherwise }) };
    }
    if (ctx instanceof P.ExtractContext) {
      const unit = ctx._field!;
      return { kind: 'extract', unit: unit.getText().toUpperCase(), expr: this.expr(ctx._source!), span, unitSpan: sp(unit) };
    }
    if (ctx instanceof P.PositionContext) return { kind: 'position', needle: this.expr(ctx._substr!), haystack: this.expr(ctx._str!), span };
    if (ctx instanceof P.SubscriptContext) return { kind: 'subscript', expr: this.expr(ctx._value!), index: this.expr(ctx._index!), span };
    if (ctx instanceof P.SubqueryExpressionContext) return unsupported(ctx, 'scalar subquery', 'Scalar subqueries are not supported by the sql node; use a join.');
    if (ctx instanceof P.StarContext) return unsupported(ctx, '*', '* is only allowed in the SELECT list and in COUNT(*).');
    return unsupported(ctx, 'expression', `The expression ${ctx.getText()} is not supported by the sql node.`);
  }

  /** A dotted name; a single `'…'` part is really a string literal (see the file header). */
  names(ctx: Ctx & ParseTree): Expr {
    if (ctx instanceof P.ColumnNameContext && ctx.uidAllowEmpty() !== null) return this.names(ctx.uidAllowEmpty()!);
    if (ctx instanceof P.ColumnNamePathContext) return this.names(ctx.uid());
    const span = sp(ctx);
    const parts: string[] = [];
    const kids = childrenOf(ctx).filter((c) => !(c instanceof TerminalNode && c.getText() === '.'));
    for (const child of kids) {
      const text = child.getText();
      if (/^\d+$/.test(text) && kids.length === 1) return { kind: 'literal', literal: { type: 'exact', text }, span };
      if (text.startsWith("'")) {
        if (kids.length === 1) return { kind: 'literal', literal: { type: 'string', value: unquoteString(text) }, span };
        return unsupported(ctx, 'identifier', `${text} is a string, not a name; quote names with backquotes.`);
      }
      const n = identifierName(text);
      if (!n.ok) return unsupported(ctx, 'identifier', n.message);
      parts.push(n.name);
    }
    return { kind: 'column', names: parts, span };
  }


  private call(ctx: P.FunctionCallExpressionContext): Expr {
    const span = sp(ctx);
    const niladic = ctx.reservedKeywordsNoParamsUsedAsFuncName();
    if (niladic !== null) {
      const name = niladic.getText().toUpperCase();
      return { kind: 'call', name, args: [], distinct: false, star: false, span, nameSpan: span };
    }
    const np = ctx.functionNameAndParams();
    if (np !== null) {
      const interval = np.timeIntervalExpression();
      if (interval !== null) return buildInterval(interval, this.text);
      const kw = np.reservedKeywordsFollowParamsUsedAsFuncName()!.getText().toUpperCase();
      const lit = np.STRING_LITERAL()!.getText();
      const type = kw === 'DATE' ? 'date' : kw === 'TIME' ? 'time' : 'timestamp';
      return { kind: 'literal', literal: { type, text: unquoteString(lit) }, span };
    }
    const nameCtx = ctx.functionNameWithParams()!;
    const name = nameCtx.getText().toUpperCase();
    const nameSpan = sp(nameCtx);
    const args: Expr[] = [];
    let star = false;
    let options: CallOptions = {};
    for (const param of ctx.functionParam()) {
      if (param.getText() === '') continue;
      const kw = param.reservedKeywordsUsedAsFuncParam();
      const unit = param.timeIntervalUnit() ?? param.timePointUnit();
      const e = param.expression();
      const json = param.jsonValueParams();
      if (kw !== null) {
        const t = kw.getText().toUpperCase();
        if (t === '*') star = true;
        else if (t.startsWith('CURRENT_') || t.startsWith('LOCAL')) args.push({ kind: 'call', name: t, args: [], distinct: false, star: false, span: sp(kw), nameSpan: sp(kw) });
        else args.push(unsupported(kw, t, `${t} is not supported here.`));
      } else if (unit !== null) args.push({ kind: 'timeUnit', unit: unit.getText().toUpperCase(), span: sp(unit) });
      else if (e !== null) args.push(this.expr(e));
      else if (json !== null && name === 'JSON_VALUE') {
        const r = this.jsonValueParams(json);
        args.push(r.path);
        options = r.options;
      } else args.push(unsupported(param, name, `The arguments of ${name} are not supported by the sql node.`));
    }
    const trim = name === 'TRIM' ? this.patches.trims.get(nameCtx.start!.start) : undefined;
    if (trim !== undefined) options = { ...options, trimMode: trim.mode };
    const quantifier = ctx.setQuantifier();
    const distinct = quantifier !== null && quantifier.KW_DISTINCT() !== null;
    const hasOptions = Object.keys(options).length > 0;
    return { kind: 'call', name, args, distinct, star, span, nameSpan, ...(hasOptions ? { options } : {}) };
  }

  /** `'path' [RETURNING type] [behaviour ON EMPTY] [behaviour ON ERROR]`, read in order. */
  private jsonValueParams(ctx: P.JsonValueParamsContext): { path: Expr; options: CallOptions } {
    const kids = childrenOf(ctx);
    const path = this.names(ctx.columnNamePath().uid());
    let returning: CallOptions['jsonReturning'];
    let onEmpty: JsonBehavior | undefined;
    let onError: JsonBehavior | undefined;
    let pending: JsonBehavior | undefined;
    let badType: Expr | undefined;
    for (let i = 1; i < kids.length; i++) {
      const k = kids[i]!;
      const text = k.getText().toUpperCase();
      if (k instanceof P.ColumnTypeContext) {
        const t = typeFromContext(k);
        if (t.ok) returning = t.type;
        else badType = unsupported(k, 'type', t.message);
      } else if (text === 'RETURNING') continue;
      else if (text === 'NULL' || text === 'ERROR') pending = { behavior: text };
      else if (text === 'DEFAULT') {
        pending = { behavior: 'DEFAULT', value: this.expr(kids[i + 1]!) };
        i++;
      } else if (text === 'ON') {
        const target = kids[i + 1]!.getText().toUpperCase();
        if (target === 'EMPTY' && pending !== undefined) onEmpty = pending;
        else if (pending !== undefined) onError = pending;
        pending = undefined;
        i++;
      }
    }
    const options: CallOptions = {
      ...(returning === undefined ? {} : { jsonReturning: returning }),
      ...(onEmpty === undefined ? {} : { jsonOnEmpty: onEmpty }),
      ...(onError === undefined ? {} : { jsonOnError: onError }),
    };
    return { path: badType ?? path, options };
  }

  /** `ORDER BY` items (also used by OVER). */
  orderItems(ctx: P.OrderByClauseContext | null): OrderItem[] {
    if (ctx === null) return [];
    return ctx.orderItemDefinition().map((o) => {
      const e = o.columnName() ?? o.valueExpression()!;
      const nulls = o._nullOrder;
      return {
        expr: this.expr(e),
        descending: o._ordering?.type === L.KW_DESC,
        span: sp(o),
        ...(nulls === null || nulls === undefined ? {} : { nullsFirst: nulls.type === L.KW_FIRST }),
      };
    });
  }
}

/** The children of a parse-tree node. */
export function childrenOf(ctx: ParseTree): ParseTree[] {
  const out: ParseTree[] = [];
  for (let i = 0; i < ctx.getChildCount(); i++) out.push(ctx.getChild(i)!);
  return out;
}
