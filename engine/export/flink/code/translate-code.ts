/**
 * Translates the documented TypeScript subset (see `subset.ts`) to Flink SQL expressions:
 * field access on the code's parameters, literals, arithmetic, comparison, `&&` `||` `!`, the
 * ternary, `??`, template literals, `Math.*` and string methods (`code-calls.ts`), and, for
 * records, object literals with spreads. Semantics follow JavaScript where the two differ:
 * comparisons are never NULL (`undefined > 0` is false), `===`/`!==` are `IS [NOT] DISTINCT
 * FROM`, `/` divides as doubles, truthiness is spelled out. Fields are typed by the stream's
 * columns; a missing field, a mixed-type expression or any other construct is a
 * `CodeRefusal` naming the code's text and why.
 */
import type { Expression, Node, ObjectExpression } from 'acorn';
import type { CodeParam, SqlField } from '../translator.ts';
import { BIGINT, DOUBLE, NULL_TYPE, STRING, ident, isNumeric, sqlString, aType, unify, type SqlColumn } from '../sql-types.ts';
import { CodeRefusal, textOf, type ParsedCode } from './parse-code.ts';
import { arithmeticType, asText, castTo, commonType, condition, plain, requireNumber, truthy, type Val } from './sql-value.ts';
import { translateCall } from './code-calls.ts';

type Params = Readonly<Record<string, CodeParam>>;

/** One translation of one piece of code: its parameters and constants. */
export class CodeScope {
  private readonly constants = new Map<string, Val>();

  constructor(
    private readonly params: Params,
    readonly source: string,
  ) {}

  /** Translates the parsed code's constants, in order. */
  static of(parsed: ParsedCode, params: Params): CodeScope {
    const scope = new CodeScope(params, parsed.source);
    for (const c of parsed.constants) {
      if (c.name in params) throw new CodeRefusal(textOf(c.init, parsed.source), `\`${c.name}\` shadows a parameter`);
      scope.constants.set(c.name, scope.value(c.init));
    }
    return scope;
  }

  text(node: Node): string {
    return textOf(node, this.source);
  }

  refuse(node: Node, reason: string): never {
    throw new CodeRefusal(this.text(node), reason);
  }

  /** A column of a parameter, qualified by its alias. */
  private column(param: string, name: string, node: Node): Val {
    const p = this.params[param] as CodeParam;
    const col = p.columns.find((c) => c.name === name);
    if (!col) this.refuse(node, `no field "${name}" in ${param}'s columns (${p.columns.map((c) => c.name).join(', ') || 'none'})`);
    return { sql: p.alias ? `${ident(p.alias)}.${ident(name)}` : ident(name), type: col.type };
  }

  /** A property name: `a.b`, `a["b"]`. */
  private propertyName(node: Expression & { type: 'MemberExpression' }): string | undefined {
    if (!node.computed && node.property.type === 'Identifier') return node.property.name;
    if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
    return undefined;
  }

  /** Translates a value expression. */
  value(node: Expression): Val {
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'Identifier':
        return this.identifier(node.name, node);
      case 'MemberExpression':
        return this.member(node);
      case 'ChainExpression':
        return this.value(node.expression as Expression);
      case 'UnaryExpression':
        return this.unary(node);
      case 'BinaryExpression':
        return this.binary(node);
      case 'LogicalExpression':
        return this.logical(node);
      case 'ConditionalExpression': {
        const test = truthy(this.value(node.test));
        const a = this.value(node.consequent);
        const b = this.value(node.alternate);
        const type = commonType(a, b, this.text(node));
        return { sql: `(CASE WHEN ${test} THEN ${castTo(a, type)} ELSE ${castTo(b, type)} END)`, type };
      }
      case 'TemplateLiteral': {
        const parts: string[] = [];
        node.quasis.forEach((q, i) => {
          const cooked = q.value.cooked ?? q.value.raw;
          if (cooked !== '') parts.push(sqlString(cooked));
          const e = node.expressions[i];
          if (e) parts.push(asText(this.value(e), this.text(e)));
        });
        if (parts.length === 0) return { sql: "''", type: STRING, notNull: true };
        return { sql: parts.length === 1 ? (parts[0] as string) : `CONCAT(${parts.join(', ')})`, type: STRING };
      }
      case 'CallExpression':
        return translateCall(node, this);
      case 'ObjectExpression':
        return this.refuse(node, 'a nested object is outside the translatable subset (object literals are only the record a map returns)');
      case 'ArrayExpression':
        return this.refuse(node, 'arrays are outside the translatable subset');
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.refuse(node, 'functions (callbacks) are outside the translatable subset');
      default:
        return this.refuse(node, `${describe(node.type)} is outside the translatable subset`);
    }
  }

  private literal(node: Expression & { type: 'Literal' }): Val {
    const v = node.value;
    if (typeof v === 'string') return { sql: sqlString(v), type: STRING, notNull: true };
    if (typeof v === 'boolean') return condition(v ? 'TRUE' : 'FALSE');
    if (v === null && !('regex' in node && node.regex)) return { sql: 'NULL', type: NULL_TYPE };
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) this.refuse(node, 'not a finite number');
      if (Number.isInteger(v)) return { sql: String(v), type: BIGINT, notNull: true };
      const text = String(v);
      return { sql: /e/i.test(text) ? text.toUpperCase() : `${text}E0`, type: DOUBLE, notNull: true };
    }
    return this.refuse(node, 'regular expressions and bigint literals are outside the translatable subset');
  }

  private identifier(name: string, node: Node): Val {
    if (name === 'undefined') return { sql: 'NULL', type: NULL_TYPE };
    const bound = this.constants.get(name);
    if (bound) return bound;
    if (name in this.params) this.refuse(node, `the whole record \`${name}\` is not a value; use its fields`);
    if (name === 'NaN' || name === 'Infinity') this.refuse(node, 'NaN and Infinity have no JSON form');
    return this.refuse(node, `unknown name \`${name}\` (only the code's parameters and its own constants are in scope)`);
  }

  private member(node: Expression & { type: 'MemberExpression' }): Val {
    const name = this.propertyName(node);
    if (node.object.type === 'Identifier' && node.object.name in this.params && !this.constants.has(node.object.name)) {
      if (name === undefined) this.refuse(node, 'a computed field name; write the field name (event.x or event["x"])');
      return this.column(node.object.name, name, node);
    }
    if (node.object.type === 'Super') return this.refuse(node, '`super` is outside the translatable subset');
    const object = this.value(node.object);
    if (name === 'length' && object.type.kind === 'STRING') return { sql: `CHAR_LENGTH(${object.sql})`, type: BIGINT };
    if (name === 'length' && object.type.kind === 'ARRAY') return { sql: `CARDINALITY(${object.sql})`, type: BIGINT };
    if (object.type.kind === 'ROW' && name !== undefined) {
      const field = object.type.fields.find((f) => f.name === name);
      if (!field) this.refuse(node, `no field "${name}" in this object (fields: ${object.type.fields.map((f) => f.name).join(', ')})`);
      return { sql: `${object.sql}.${ident(name)}`, type: field.type };
    }
    if (object.type.kind === 'MAP' && name !== undefined) return { sql: `${object.sql}[${sqlString(name)}]`, type: STRING };
    if (object.type.kind === 'ARRAY' && node.computed && node.property.type === 'Literal' && typeof node.property.value === 'number' && Number.isInteger(node.property.value))
      return { sql: `${object.sql}[${node.property.value + 1}]`, type: object.type.element };
    return this.refuse(node, `${name === undefined ? 'this access' : `.${name}`} on ${aType(object.type)} is outside the translatable subset`);
  }

  private unary(node: Expression & { type: 'UnaryExpression' }): Val {
    const text = this.text(node);
    if (node.operator === '!') return condition(`(NOT ${truthy(this.value(node.argument))})`);
    if (node.operator === '-' || node.operator === '+') {
      const v = this.value(node.argument);
      requireNumber(v, text);
      return node.operator === '-' ? { sql: `(- ${v.sql})`, type: v.type, notNull: v.notNull } : v;
    }
    return this.refuse(node, `the \`${node.operator}\` operator is outside the translatable subset`);
  }

  private binary(node: Expression & { type: 'BinaryExpression' }): Val {
    const text = this.text(node);
    if (node.left.type === 'PrivateIdentifier') return this.refuse(node, 'private names are outside the translatable subset');
    const op = node.operator;
    const isNullLiteral = (e: Expression): boolean => (e.type === 'Literal' && e.value === null && !('regex' in e && e.regex)) || (e.type === 'Identifier' && e.name === 'undefined');
    if (op === '===' || op === '==' || op === '!==' || op === '!=') {
      const negate = op.startsWith('!');
      if (isNullLiteral(node.right) || isNullLiteral(node.left)) {
        const other = this.value(isNullLiteral(node.right) ? node.left : node.right);
        return condition(`(${other.sql} IS ${negate ? 'NOT ' : ''}NULL)`);
      }
      const [a, b] = [this.value(node.left), this.value(node.right)];
      comparable(a, b, text);
      return condition(`(${a.sql} IS ${negate ? '' : 'NOT '}DISTINCT FROM ${b.sql})`);
    }
    const [a, b] = [this.value(node.left), this.value(node.right)];
    switch (op) {
      case '<':
      case '<=':
      case '>':
      case '>=':
        comparable(a, b, text);
        return condition(`COALESCE(${a.sql} ${op} ${b.sql}, FALSE)`);
      case '+':
        if (a.type.kind === 'STRING' || b.type.kind === 'STRING') return { sql: `CONCAT(${asText(a, text)}, ${asText(b, text)})`, type: STRING };
        requireNumber(a, text);
        requireNumber(b, text);
        return { sql: `(${a.sql} + ${b.sql})`, type: arithmeticType(a, b) };
      case '-':
      case '*':
        requireNumber(a, text);
        requireNumber(b, text);
        return { sql: `(${a.sql} ${op} ${b.sql})`, type: arithmeticType(a, b) };
      case '/':
        requireNumber(a, text);
        requireNumber(b, text);
        return { sql: `(${castTo(a, DOUBLE)} / ${castTo(b, DOUBLE)})`, type: DOUBLE };
      case '%':
        if (a.type.kind !== 'BIGINT' || b.type.kind !== 'BIGINT') return this.refuse(node, '`%` translates for integers only');
        return { sql: `MOD(${a.sql}, ${b.sql})`, type: BIGINT };
      default:
        return this.refuse(node, `the \`${op}\` operator is outside the translatable subset`);
    }
  }

  private logical(node: Expression & { type: 'LogicalExpression' }): Val {
    const text = this.text(node);
    const [a, b] = [this.value(node.left), this.value(node.right)];
    if (node.operator === '??') {
      const type = commonType(a, b, text);
      return { sql: `COALESCE(${castTo(a, type)}, ${castTo(b, type)})`, type, notNull: b.notNull };
    }
    const both = `(${truthy(a)} ${node.operator === '&&' ? 'AND' : 'OR'} ${truthy(b)})`;
    if (a.type.kind === 'BOOLEAN' && b.type.kind === 'BOOLEAN') return condition(both);
    if (a.truthOnly !== undefined || b.truthOnly !== undefined || !unify(a.type, b.type)) return { ...condition(both), truthOnly: text };
    const type = commonType(a, b, text);
    const [then, otherwise] = node.operator === '||' ? [a, b] : [b, a];
    return { sql: `(CASE WHEN ${truthy(a)} THEN ${castTo(then, type)} ELSE ${castTo(otherwise, type)} END)`, type };
  }

  /** Translates a record: a parameter, or an object literal of fields and spreads. */
  record(node: Expression): SqlField[] {
    if (node.type === 'Identifier' && node.name in this.params && !this.constants.has(node.name)) return this.spread(node.name);
    if (node.type !== 'ObjectExpression') return this.refuse(node, 'the code must return a record: an object literal ({ ...event, x: … }) or a parameter');
    return this.objectFields(node);
  }

  private spread(param: string): SqlField[] {
    const p = this.params[param] as CodeParam;
    return p.columns.map((c: SqlColumn) => ({ name: c.name, type: c.type, sql: p.alias ? `${ident(p.alias)}.${ident(c.name)}` : ident(c.name), ...(c.missing ? { missing: true } : {}) }));
  }

  private objectFields(node: ObjectExpression): SqlField[] {
    const fields: SqlField[] = [];
    const put = (f: SqlField, fromSpread = false): void => {
      const at = fields.findIndex((x) => x.name === f.name);
      const before = fields[at];
      if (!before) fields.push(f);
      else if (fromSpread && f.missing) {
        // A spread copies only the fields a record has: where it lacks one, the earlier value stays.
        const type = commonType(f, before, `...${f.name}`);
        fields[at] = { name: f.name, type, sql: `COALESCE(${castTo(f, type)}, ${castTo(before, type)})`, ...(before.missing ? { missing: true } : {}) };
      } else fields[at] = f;
    };
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        const arg = p.argument;
        if (arg.type !== 'Identifier' || !(arg.name in this.params)) this.refuse(p, 'only spreads of the code\'s parameters translate ({ ...event })');
        for (const f of this.spread(arg.name)) put(f, true);
        continue;
      }
      if (p.kind !== 'init' || p.method) this.refuse(p, 'getters, setters and methods are outside the translatable subset');
      const name = p.computed ? (p.key.type === 'Literal' && typeof p.key.value === 'string' ? p.key.value : undefined) : p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
      if (name === undefined) this.refuse(p, 'a computed field name is outside the translatable subset');
      const v = plain(this.value(p.value as Expression));
      if (v.type.kind === 'NULL') put({ name, sql: 'CAST(NULL AS STRING)', type: STRING });
      else put({ name, sql: v.sql, type: v.type });
    }
    return fields;
  }
}

function comparable(a: Val, b: Val, text: string): void {
  plain(a);
  plain(b);
  const ok = (isNumeric(a.type) && isNumeric(b.type)) || (a.type.kind === b.type.kind && ['STRING', 'BOOLEAN'].includes(a.type.kind));
  if (!ok) throw new CodeRefusal(text, `compares ${aType(a.type)} with ${aType(b.type)}; Flink SQL compares values of one type`);
}

function describe(type: string): string {
  const names: Record<string, string> = {
    AssignmentExpression: 'assignment',
    UpdateExpression: '`++`/`--`',
    NewExpression: '`new`',
    SequenceExpression: 'the comma operator',
    ThisExpression: '`this`',
    AwaitExpression: '`await`',
    TaggedTemplateExpression: 'a tagged template',
    ClassExpression: 'a class',
    YieldExpression: '`yield`',
  };
  return names[type] ?? type;
}
