/**
 * dt-sql-parser's query parse trees (`queryStatement`, `selectStatement`, `tableExpression`, …)
 * to `Query` AST nodes: WITH, set operations, SELECT with its clauses, and the FROM items —
 * tables, subqueries, window TVFs (with the PARTITION BY and alias the token patches lifted out)
 * and joins. Clauses we refuse (LIMIT, WINDOW, MATCH_RECOGNIZE, VALUES, LATERAL, …) are kept
 * with their spans so analysis can report them.
 */
import type * as P from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import type { Span } from '../problems.ts';
import type { Expr, FromItem, GroupItem, NameRef, Query, SelectItem, TvfArg, WithItem } from './ast.ts';
import { ExprBuilder, sp } from './build-expr.ts';
import { buildInterval } from './build-literal.ts';
import { identifierName } from './literals.ts';
import type { ParsedQuery } from './parser.ts';
import { parseExpressionAt, spanOf } from './parser.ts';

type Refusal = { construct: string; message: string; span: Span };

/** Builds the AST of a parsed query. */
export function buildQueryAst(parsed: ParsedQuery): Query {
  return new QueryBuilder(parsed).query(parsed.tree);
}

class QueryBuilder {
  private readonly exprs: ExprBuilder;

  constructor(private readonly parsed: ParsedQuery) {
    this.exprs = new ExprBuilder(parsed.patches, parsed.text);
  }

  query(ctx: P.QueryStatementContext): Query {
    const span = sp(ctx);
    if (ctx.valuesClause() !== null) {
      return { kind: 'unsupported', construct: 'VALUES', message: 'VALUES is not supported by the sql node; its inputs are the upstream nodes (use a values node).', span };
    }
    const withClause = ctx.withClause();
    if (withClause !== null) {
      const items = withClause.withItem().map((w) => this.withItem(w));
      return { kind: 'with', items, body: this.query(ctx.queryStatement(0)!), span };
    }
    const refused = this.tail(ctx);
    const parts = ctx.queryStatement();
    if (parts.length === 2) {
      const op = ctx.KW_UNION() !== null ? 'UNION' : ctx.KW_INTERSECT() !== null ? 'INTERSECT' : 'EXCEPT';
      return { kind: 'setop', op, all: ctx.KW_ALL() !== null, left: this.query(parts[0]!), right: this.query(parts[1]!), span, ...(refused.length > 0 ? { refused } : {}) };
    }
    if (parts.length === 1) return this.query(parts[0]!);
    const select = ctx.selectStatement();
    const selectClause = select?.selectClause() ?? ctx.selectClause()!;
    const orderBy = this.exprs.orderItems(ctx.orderByClause());
    const q = this.select(selectClause, select, span);
    if (q.kind !== 'select') return q;
    const allRefused = [...(q.refused ?? []), ...refused];
    return { ...q, ...(orderBy.length > 0 ? { orderBy } : {}), ...(allRefused.length > 0 ? { refused: allRefused } : {}) };
  }

  /** ORDER BY / LIMIT after a query (ORDER BY is analysed; LIMIT is refused). */
  private tail(ctx: P.QueryStatementContext): Refusal[] {
    const out: Refusal[] = [];
    const limit = ctx.limitClause();
    if (limit !== null) {
      out.push({ construct: 'LIMIT', message: 'LIMIT on an unbounded stream produces an updating result in Flink; use a window Top-N (ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY …) <= N).', span: sp(limit) });
    }
    const order = ctx.orderByClause();
    if (order !== null && ctx.queryStatement().length === 2) {
      out.push({ construct: 'ORDER BY', message: 'ORDER BY on a UNION is not supported by the sql node.', span: sp(order) });
    }
    return out;
  }

  private withItem(ctx: P.WithItemContext): WithItem {
    const name = this.name(ctx.withItemName().getText());
    const cols = ctx.columnName().map((c) => this.name(c.getText()));
    return { name, query: this.query(ctx.queryStatement()), span: sp(ctx), ...(cols.length > 0 ? { columns: cols } : {}) };
  }

  private name(text: string): string {
    const n = identifierName(text);
    return n.ok ? n.name : text;
  }

  private select(clause: P.SelectClauseContext, stmt: P.SelectStatementContext | null, span: Span): Query {
    const refused: Refusal[] = [];
    const quant = clause.setQuantifier();
    const distinct = quant !== null && quant.KW_DISTINCT() !== null;
    const items = clause.selectList().columnProjectItem().flatMap((i) => this.selectItem(i));
    if (stmt === null) return { kind: 'select', distinct, items, span };
    const from = stmt.fromClause();
    const where = stmt.whereClause();
    const group = stmt.groupByClause();
    const having = stmt.havingClause();
    const window = stmt.windowClause();
    const match = stmt.matchRecognizeClause();
    if (window !== null) refused.push({ construct: 'WINDOW', message: 'Named windows (WINDOW clause) are not supported by the sql node; write OVER (…) inline.', span: sp(window) });
    if (match !== null) refused.push({ construct: 'MATCH_RECOGNIZE', message: 'MATCH_RECOGNIZE is not supported by the sql node (it needs a CEP operator).', span: sp(match) });
    const whereExpr = where === null ? undefined : this.exprs.expr(where.booleanExpression() ?? where.columnNamePathAllowEmpty()!);
    const groupBy = group === null ? undefined : group.groupItemDefinition().flatMap((g) => this.groupItem(g));
    const havingExpr = having === null ? undefined : this.exprs.expr(having.booleanExpression());
    return {
      kind: 'select',
      distinct,
      items,
      span,
      ...(from === null ? {} : { from: this.tableExpression(from.tableExpression()) }),
      ...(whereExpr === undefined ? {} : { where: whereExpr }),
      ...(groupBy === undefined ? {} : { groupBy }),
      ...(havingExpr === undefined ? {} : { having: havingExpr }),
      ...(refused.length > 0 ? { refused } : {}),
    };
  }

  private selectItem(ctx: P.ColumnProjectItemContext): SelectItem[] {
    const span = sp(ctx);
    const aliasCtx = ctx.columnAlias();
    let alias = aliasCtx === null ? undefined : this.name(aliasCtx.identifier().getText());
    const over = ctx.selectWindowItemColumnName();
    if (over !== null) {
      const o = over.overWindowItem();
      const spec = o.windowSpec();
      const overExpr: Expr =
        spec === null
          ? { kind: 'unsupported', construct: 'OVER', message: 'Named windows are not supported; write OVER (PARTITION BY … ORDER BY …).', span }
          : {
              kind: 'over',
              call: this.exprs.expr(o.primaryExpression()),
              partitionBy: (spec.partitionByClause()?.columnName() ?? []).map((c) => this.exprs.expr(c)).concat((spec.partitionByClause()?.primaryExpression() ?? []).map((c) => this.exprs.expr(c))),
              orderBy: this.exprs.orderItems(spec.orderByClause()),
              hasFrame: spec.windowFrame() !== null,
              span,
            };
      return [{ kind: 'expr', expr: overExpr, alias: this.name(o.identifier().getText()), span }];
    }
    const star = ctx.tableAllColumns();
    if (star !== null) {
      const qualifier = star.identifier().map((i) => this.name(i.getText()));
      return [{ kind: 'star', span, ...(qualifier.length > 0 ? { qualifier } : {}) }];
    }
    const literal = ctx.selectLiteralColumnName();
    if (literal !== null && ctx.expression() !== null && ctx.KW_AS() === null) {
      // The grammar read `a + 1` as column `a` with a trailing expression: parse the item alone.
      const re = parseExpressionAt(this.parsed.text, span);
      const expr: Expr = re.ok
        ? new ExprBuilder(re.patches, this.parsed.text).expr(re.tree)
        : { kind: 'unsupported', construct: 'syntax', message: `Cannot read the select item ${this.parsed.text.slice(span.start, span.end)}.`, span };
      return [{ kind: 'expr', expr, span }];
    }
    const exprCtx = literal?.columnName() ?? ctx.selectExpressionColumnName()?.expression();
    if (exprCtx === null || exprCtx === undefined) return [];
    const expr = this.exprs.expr(exprCtx);
    const trailing = literal !== null ? ctx.expression() : ctx.columnName();
    if (alias === undefined && trailing !== null) alias = this.name(trailing.getText());
    return [{ kind: 'expr', expr, span, ...(alias === undefined ? {} : { alias }) }];
  }

  private groupItem(ctx: P.GroupItemDefinitionContext): GroupItem[] {
    const span = sp(ctx);
    if (ctx.groupWindowFunction() !== null) {
      const fn = ctx.groupWindowFunction()!.groupWindowFunctionName().getText().toUpperCase();
      return [{ kind: 'unsupported', construct: `GROUP BY ${fn}(…)`, message: `Group window functions are deprecated in Flink; use the window TVF: FROM TABLE(${fn}(TABLE t, DESCRIPTOR(rowtime), …)) GROUP BY window_start, window_end.`, span }];
    }
    if (ctx.groupingSets() !== null || ctx.groupingSetsNotationName() !== null) {
      return [{ kind: 'unsupported', construct: 'GROUPING SETS', message: 'GROUPING SETS, ROLLUP and CUBE are not supported by the sql node.', span }];
    }
    const col = ctx.columnName();
    if (col !== null) return [this.exprs.expr(col)];
    const exprs = ctx.expression();
    if (exprs.length === 0) return [{ kind: 'unsupported', construct: 'GROUP BY ()', message: 'An empty grouping set is a global aggregation, which produces an updating result.', span }];
    return exprs.map((e) => this.exprs.expr(e));
  }

  private tableExpression(ctx: P.TableExpressionContext): FromItem {
    const span = sp(ctx);
    const refs = ctx.tableReference();
    if (refs.length > 0) {
      let item = this.tableReference(refs[0]!);
      for (let i = 1; i < refs.length; i++) {
        const right = this.tableReference(refs[i]!);
        item = { kind: 'join', joinType: 'COMMA', natural: false, left: item, right, span: spanOf(ctx.start!, refs[i]!.stop) };
      }
      return item;
    }
    const tvf = ctx.windowTVFClause();
    if (tvf !== null) return this.tvf(tvf);
    if (ctx.inlineDataValueClause() !== null) return { kind: 'unsupported', construct: 'VALUES', message: 'VALUES tables are not supported by the sql node.', span };
    const sides = ctx.tableExpression();
    const left = this.tableExpression(sides[0]!);
    const right = this.tableExpression(sides[1]!);
    if (ctx.KW_CROSS() !== null) return { kind: 'join', joinType: 'CROSS', natural: false, left, right, span };
    const joinType = ctx.KW_LEFT() !== null ? 'LEFT' : ctx.KW_RIGHT() !== null ? 'RIGHT' : ctx.KW_FULL() !== null ? 'FULL' : 'INNER';
    const cond = ctx.joinCondition();
    let on: Expr | undefined;
    let using: NameRef[] | undefined;
    if (cond !== null) {
      if (cond.KW_USING() !== null) using = cond.columnNameList()!.columnName().map((c) => ({ name: this.name(c.getText()), span: sp(c) }));
      else if (cond.booleanExpression() !== null) on = this.exprs.expr(cond.booleanExpression()!);
      else on = { kind: 'unsupported', construct: 'ON', message: `Unsupported join condition ${cond.getText()}.`, span: sp(cond) };
    }
    return {
      kind: 'join',
      joinType,
      natural: ctx.KW_NATURAL() !== null,
      left,
      right,
      span,
      ...(on === undefined ? {} : { on }),
      ...(using === undefined ? {} : { using }),
    };
  }

  private tableReference(ctx: P.TableReferenceContext): FromItem {
    const span = sp(ctx);
    const aliasCtx = ctx.tableAlias();
    const alias = aliasCtx === null ? undefined : this.name(aliasCtx.identifier().getText());
    const colList = aliasCtx?.identifierList()?.identifierSeq().identifier().map((i) => this.name(i.getText()));
    const extras = { ...(alias === undefined ? {} : { alias }), ...(colList === undefined ? {} : { columnAliases: colList }) };
    const primary = ctx.tablePrimary();
    if (primary.systemTimePeriod() !== null) {
      return { kind: 'unsupported', construct: 'FOR SYSTEM_TIME AS OF', message: 'Temporal (versioned) table joins are not supported by the sql node; use an interval join or a lookup join node.', span };
    }
    const path = primary.tablePath() ?? primary.viewPath();
    if (path !== null) {
      const name = path.identifier().map((i) => this.name(i.getText()));
      return { kind: 'table', name, span, ...extras };
    }
    if (primary.atomFunctionTable() !== null) {
      return { kind: 'unsupported', construct: 'LATERAL TABLE', message: 'Table functions (LATERAL TABLE) are not supported by the sql node.', span };
    }
    const atom = primary.atomExpressionTable()!;
    if (atom.KW_UNNEST() !== null) return { kind: 'unsupported', construct: 'UNNEST', message: 'UNNEST is not supported by the sql node.', span };
    if (atom.KW_LATERAL() !== null) return { kind: 'unsupported', construct: 'LATERAL', message: 'LATERAL subqueries are not supported by the sql node.', span };
    return { kind: 'subquery', query: this.query(atom.queryStatement()!), span, ...extras };
  }

  private tvf(ctx: P.WindowTVFClauseContext): FromItem {
    const expr = ctx.windowTVFExpression();
    const nameTok = expr.windowTVFName().start!;
    const fn = (nameTok.text ?? '').toUpperCase() as 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
    let table: NameRef | undefined;
    let descriptor: NameRef | undefined;
    const args: TvfArg[] = [];
    for (const p of expr.windowTVFParam()) {
      const attr = p.timeAttrColumn();
      const desc = p.columnDescriptor();
      const interval = p.timeIntervalExpression();
      if (attr !== null) table = { name: attr.uid().identifier().map((i) => this.name(i.getText())).join('.'), span: sp(attr) };
      else if (desc !== null) descriptor = { name: this.name(desc.columnName().getText()), span: sp(desc.columnName()) };
      else if (interval !== null) {
        const paramName = p.timeIntervalParamName()?.getText().toUpperCase();
        args.push({ expr: buildInterval(interval, this.parsed.text), ...(paramName === undefined ? {} : { name: paramName }) });
      }
    }
    const lifted = this.parsed.patches.tvfPartitions.get(nameTok.start) ?? [];
    const partitionBy = lifted.map((k) => ({ name: this.name(k.text), span: spanOf(k.token, k.token) }));
    const aliasTok = this.parsed.patches.tvfAliases.get(nameTok.start);
    const span = aliasTok === undefined ? sp(ctx) : spanOf(ctx.start!, aliasTok.token);
    return {
      kind: 'tvf',
      fn,
      table: table ?? { name: '', span: sp(ctx) },
      partitionBy,
      args,
      span,
      ...(descriptor === undefined ? {} : { descriptor }),
      ...(aliasTok === undefined ? {} : { alias: this.name(aliasTok.text) }),
    };
  }
}
