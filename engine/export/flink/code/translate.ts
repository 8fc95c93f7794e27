/**
 * The entry points of the TypeScript-subset translator: parse (esbuild + acorn, `parse-code.ts`)
 * then translate (`translate-code.ts`) a value, a condition or a record over the code's
 * parameters. Each throws `CodeRefusal` for code outside the subset (`subset.ts`).
 */
import type { CodeParam, SqlField } from '../translator.ts';
import { parseCode } from './parse-code.ts';
import { plain, truthy, type Val } from './sql-value.ts';
import { CodeScope } from './translate-code.ts';

type Params = Readonly<Record<string, CodeParam>>;

/** Parses and translates a value. @throws CodeRefusal. */
export function translateValue(code: string, params: Params): Val {
  return plain(translateAny(code, params));
}

function translateAny(code: string, params: Params): Val {
  const parsed = parseCode(code, Object.keys(params));
  return CodeScope.of(parsed, params).value(parsed.result);
}

/** Parses and translates a condition with JavaScript's truthiness. @throws CodeRefusal. */
export function translatePredicate(code: string, params: Params): string {
  return truthy(translateAny(code, params));
}

/** Parses and translates a record. @throws CodeRefusal. */
export function translateRecord(code: string, params: Params): SqlField[] {
  const parsed = parseCode(code, Object.keys(params));
  return CodeScope.of(parsed, params).record(parsed.result);
}

