/**
 * JSON_VALUE(json, path [RETURNING t] [… ON EMPTY] [… ON ERROR]) as Flink (Calcite's
 * `JsonFunctions` over Jackson and JsonPath): the path is `[lax|strict] $` followed by `.key`,
 * `."key"`, `['key']`, `["key"]` or `[n]` steps. Lax mode (the default) answers a missing step
 * with EMPTY, strict mode with an ERROR; a non-scalar result is EMPTY in lax and an ERROR in
 * strict mode; JSON null is EMPTY; malformed JSON or a value that does not convert to the
 * RETURNING type is an ERROR. EMPTY and ERROR then do what ON EMPTY / ON ERROR say: NULL (the
 * default), ERROR (`SqlRuntimeError`), or DEFAULT value. Scalars convert as Jackson hands them
 * over: strings as they are, integers as written, other numbers as Java doubles
 * (`1.50` → `'1.5'`), booleans as `true`/`false`.
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../types/values.ts';
import { castValue } from './cast.ts';
import { castNumeric } from './numeric.ts';
import type { OpCompiler } from './op-types.ts';
import { javaNumberString } from './to-string.ts';

type Json = { t: 'num'; text: string } | { t: 'str'; v: string } | { t: 'bool'; v: boolean } | { t: 'null' } | { t: 'arr'; v: Json[] } | { t: 'obj'; v: Map<string, Json> };

// A JSON string token: no raw control characters (code points below U+0020), valid escapes.
const STRING_TOKEN = new RegExp('^"(?:[^"\\\\' + String.fromCharCode(0) + '-' + String.fromCharCode(31) + ']|\\\\["\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*"');

/** Parses JSON keeping number texts; throws on malformed input. */
function parseJson(s: string): Json {
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i]!)) i++;
  };
  const value = (): Json => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      const v = new Map<string, Json>();
      ws();
      if (s[i] === '}') return (i++, { t: 'obj', v });
      for (;;) {
        ws();
        const k = value();
        if (k.t !== 'str') throw new Error('key');
        ws();
        if (s[i++] !== ':') throw new Error(':');
        v.set(k.v, value());
        ws();
        if (s[i] === ',') i++;
        else if (s[i++] === '}') return { t: 'obj', v };
        else throw new Error('}');
      }
    }
    if (c === '[') {
      i++;
      const v: Json[] = [];
      ws();
      if (s[i] === ']') return (i++, { t: 'arr', v });
      for (;;) {
        v.push(value());
        ws();
        if (s[i] === ',') i++;
        else if (s[i++] === ']') return { t: 'arr', v };
        else throw new Error(']');
      }
    }
    if (c === '"') {
      const m = STRING_TOKEN.exec(s.slice(i));
      if (m === null) throw new Error('string');
      i += m[0].length;
      return { t: 'str', v: JSON.parse(m[0]) as string };
    }
    const m = /^(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i));
    if (m === null) throw new Error('value');
    i += m[0].length;
    if (m[0] === 'true' || m[0] === 'false') return { t: 'bool', v: m[0] === 'true' };
    if (m[0] === 'null') return { t: 'null' };
    return { t: 'num', text: m[0] };
  };
  const v = value();
  ws();
  if (i !== s.length) throw new Error('trailing');
  return v;
}

type Step = string | number;

/** Parses a JSON path; throws SqlRuntimeError for a path Flink would reject. */
export function parseJsonPath(path: string): { strict: boolean; steps: Step[] } {
  const m = /^\s*(lax|strict)?\s*\$(.*)$/s.exec(path);
  if (m === null) throw new SqlRuntimeError(`Illegal jsonpath spec: ${path}, format of the spec should be: '<lax|strict> $'{expr}'`, 'JSON_VALUE');
  const steps: Step[] = [];
  const re = /^(?:\.([A-Za-z_$][\w$]*)|\.(?:"([^"]*)"|'([^']*)')|\.?\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\])/;
  let rest = m[2]!.trim();
  while (rest.length > 0) {
    const s = re.exec(rest);
    if (s === null) throw new SqlRuntimeError(`Unsupported JSON path ${path}: use $.key, $['key'] and $[n] steps.`, 'JSON_VALUE');
    steps.push(s[6] !== undefined ? Number(s[6]) : (s[1] ?? s[2] ?? s[3] ?? s[4] ?? s[5])!);
    rest = rest.slice(s[0].length).trim();
  }
  return { strict: m[1] === 'strict', steps };
}

function scalarValue(j: Json, type: SqlType): SqlValue {
  const INTEGER = /^-?\d+$/;
  switch (j.t) {
    case 'str':
      return castValue({ kind: 'VARCHAR', length: 2147483647, nullable: true }, type)(j.v);
    case 'bool':
      if (type.kind === 'BOOLEAN') return j.v;
      return castValue({ kind: 'VARCHAR', length: 2147483647, nullable: true }, type)(j.v ? 'true' : 'false');
    case 'num': {
      if (type.kind === 'VARCHAR' || type.kind === 'CHAR') return INTEGER.test(j.text) ? j.text : javaNumberString(Number(j.text));
      if (INTEGER.test(j.text)) return castNumeric(BigInt(j.text), { kind: 'BIGINT', nullable: true }, type);
      if (type.kind === 'DOUBLE' || type.kind === 'FLOAT' || type.kind === 'DECIMAL') return castNumeric(Number(j.text), { kind: 'DOUBLE', nullable: true }, type);
      throw new SqlRuntimeError(`Cannot convert ${j.text} to ${type.kind}.`, 'JSON_VALUE');
    }
    default:
      throw new SqlRuntimeError('not a scalar', 'JSON_VALUE');
  }
}

const jsonValue: OpCompiler = (rex, args) => {
  const [json, path, emptyMode, emptyDefault, errorMode, errorDefault] = args as [(typeof args)[0], (typeof args)[0], (typeof args)[0], (typeof args)[0], (typeof args)[0], (typeof args)[0]];
  const pathRex = rex.operands[1]!;
  const fixedPath = pathRex.kind === 'literal' && typeof pathRex.value === 'string' ? parseJsonPath(pathRex.value) : undefined;
  return (row) => {
    const s = json(row);
    const p = path(row);
    if (s === null || p === null) return null;
    const onEmpty = () => (emptyMode(row) === 'ERROR' ? fail('Empty result of JSON_VALUE function is not allowed') : emptyDefault(row));
    const onError = (why: string) => (errorMode(row) === 'ERROR' ? fail(why) : errorDefault(row));
    let spec: { strict: boolean; steps: Step[] };
    let doc: Json;
    try {
      spec = fixedPath ?? parseJsonPath(p as string);
      doc = parseJson(s as string);
    } catch (e) {
      return onError(e instanceof SqlRuntimeError ? e.reason : `Invalid JSON: ${s as string}`);
    }
    let cur: Json | undefined = doc;
    for (const step of spec.steps) {
      if (typeof step === 'number') cur = cur?.t === 'arr' ? cur.v[step] : undefined;
      else cur = cur?.t === 'obj' ? cur.v.get(step) : undefined;
      if (cur === undefined) return spec.strict ? onError(`No results for path: ${p as string}`) : onEmpty();
    }
    if (cur.t === 'null') return onEmpty();
    if (cur.t === 'arr' || cur.t === 'obj') return spec.strict ? onError(`Strict jsonpath mode requires scalar value, and the actual value is: '${s as string}'`) : onEmpty();
    try {
      return scalarValue(cur, rex.type);
    } catch (e) {
      return onError(e instanceof SqlRuntimeError ? e.reason : String(e));
    }
  };
};

function fail(why: string): never {
  throw new SqlRuntimeError(why, 'JSON_VALUE');
}

/** JSON_VALUE. */
export const JSON_OPS: Record<string, OpCompiler> = { JSON_VALUE: jsonValue };
