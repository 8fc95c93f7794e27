/**
 * Typing of the string functions (Flink's `systemFunctions.md`, "String Functions"): their
 * argument checks and result types, which follow Calcite's (SUBSTRING and TRIM keep the string
 * length as VARCHAR, CHAR_LENGTH is INT, REPLACE/REGEXP_EXTRACT/SPLIT_INDEX give STRING).
 * Functions Flink defines as returning NULL on failure (REGEXP_EXTRACT without a match,
 * SPLIT_INDEX out of range) have a nullable result whatever their arguments.
 */
import { MAX_LENGTH, T, isCharacter, isInteger, type SqlType } from '../../types/sql-type.ts';
import { concatType } from '../../types/type-rules.ts';
import { anyNullable, call, literal, symbol, type Rex } from '../rex.ts';
import { arity, failArgs, type CallSite, type ScalarRule } from './call-site.ts';

const str = (t: SqlType) => isCharacter(t) || t.kind === 'NULL';
const int = (t: SqlType) => isInteger(t) || t.kind === 'NULL';

function lengthOf(t: SqlType): number {
  return (t as { length?: number }).length ?? MAX_LENGTH;
}

/** Checks each argument against a predicate; `forms` is shown on mismatch. */
function check(site: CallSite, args: readonly Rex[], preds: readonly ((t: SqlType) => boolean)[], forms: string): void {
  args.forEach((a, i) => {
    const p = preds[Math.min(i, preds.length - 1)]!;
    if (!p(a.type)) failArgs(site, args, forms);
  });
}

const upperLower: ScalarRule = (args, site) => {
  arity(site, args, 1, 1, `'${site.name}(<STRING>)'`);
  check(site, args, [str], `'${site.name}(<STRING>)'`);
  return call(site.name, args, args[0]!.type.kind === 'NULL' ? T.string() : args[0]!.type);
};

const charLength: ScalarRule = (args, site) => {
  arity(site, args, 1, 1, "'CHAR_LENGTH(<STRING>)'");
  check(site, args, [str], "'CHAR_LENGTH(<STRING>)'");
  return call('CHAR_LENGTH', args, T.int(anyNullable(args)));
};

const substring: ScalarRule = (args, site) => {
  const forms = "'SUBSTRING(<STRING> FROM <INTEGER>)', 'SUBSTRING(<STRING> FROM <INTEGER> FOR <INTEGER>)'";
  arity(site, args, 2, 3, forms);
  check(site, args, [str, int], forms);
  return call('SUBSTRING', args, T.varchar(lengthOf(args[0]!.type), anyNullable(args)));
};

const concat: ScalarRule = (args, site) => {
  if (args.length < 1) failArgs(site, args, "'CONCAT(<STRING>, …)'");
  check(site, args, [str], "'CONCAT(<STRING>, …)'");
  return call('CONCAT', args, concatType(args.map((a) => (a.type.kind === 'NULL' ? T.varchar(0) : a.type)), false));
};

const concatWs: ScalarRule = (args, site) => {
  if (args.length < 2) failArgs(site, args, "'CONCAT_WS(<STRING>, <STRING>, …)'");
  check(site, args, [str], "'CONCAT_WS(<STRING>, <STRING>, …)'");
  return call('CONCAT_WS', args, T.string(args[0]!.type.nullable));
};

/** TRIM([BOTH|LEADING|TRAILING] [chars FROM] s), LTRIM(s), RTRIM(s) → TRIM(mode, chars, s). */
function trimRule(fixedMode?: 'LEADING' | 'TRAILING'): ScalarRule {
  return (args, site) => {
    const forms = "'TRIM([BOTH|LEADING|TRAILING] [<STRING>] FROM <STRING>)', 'TRIM(<STRING>)'";
    arity(site, args, 1, fixedMode === undefined ? 2 : 1, forms);
    check(site, args, [str], forms);
    const mode = fixedMode ?? site.options?.trimMode ?? 'BOTH';
    const chars = args.length === 2 ? args[0]! : literal(' ', T.char(1, false));
    const s = args[args.length - 1]!;
    return call('TRIM', [symbol(mode), chars, s], T.varchar(lengthOf(s.type), anyNullable([chars, s])));
  };
}

const replace: ScalarRule = (args, site) => {
  arity(site, args, 3, 3, "'REPLACE(<STRING>, <STRING>, <STRING>)'");
  check(site, args, [str], "'REPLACE(<STRING>, <STRING>, <STRING>)'");
  return call('REPLACE', args, T.string(anyNullable(args)));
};

const regexpExtract: ScalarRule = (args, site) => {
  const forms = "'REGEXP_EXTRACT(<STRING>, <STRING>)', 'REGEXP_EXTRACT(<STRING>, <STRING>, <INTEGER>)'";
  arity(site, args, 2, 3, forms);
  check(site, args, [str, str, int], forms);
  return call('REGEXP_EXTRACT', args, T.string(true));
};

const regexpReplace: ScalarRule = (args, site) => {
  arity(site, args, 3, 3, "'REGEXP_REPLACE(<STRING>, <STRING>, <STRING>)'");
  check(site, args, [str], "'REGEXP_REPLACE(<STRING>, <STRING>, <STRING>)'");
  return call('REGEXP_REPLACE', args, T.string(true));
};

const splitIndex: ScalarRule = (args, site) => {
  arity(site, args, 3, 3, "'SPLIT_INDEX(<STRING>, <STRING>, <INTEGER>)'");
  check(site, args, [str, str, int], "'SPLIT_INDEX(<STRING>, <STRING>, <INTEGER>)'");
  return call('SPLIT_INDEX', args, T.string(true));
};

const position: ScalarRule = (args, site) => {
  arity(site, args, 2, 2, "'POSITION(<STRING> IN <STRING>)'");
  check(site, args, [str], "'POSITION(<STRING> IN <STRING>)'");
  return call('POSITION', args, T.int(anyNullable(args)));
};

const leftRight: ScalarRule = (args, site) => {
  arity(site, args, 2, 2, `'${site.name}(<STRING>, <INTEGER>)'`);
  check(site, args, [str, int], `'${site.name}(<STRING>, <INTEGER>)'`);
  return call(site.name, args, T.varchar(lengthOf(args[0]!.type), anyNullable(args)));
};

const pad: ScalarRule = (args, site) => {
  arity(site, args, 3, 3, `'${site.name}(<STRING>, <INTEGER>, <STRING>)'`);
  check(site, args, [str, int, str], `'${site.name}(<STRING>, <INTEGER>, <STRING>)'`);
  return call(site.name, args, T.string(true));
};

/** The string functions by name. */
export const STRING_FUNCTIONS: Record<string, ScalarRule> = {
  UPPER: upperLower,
  LOWER: upperLower,
  CHAR_LENGTH: charLength,
  CHARACTER_LENGTH: charLength,
  SUBSTRING: substring,
  SUBSTR: substring,
  CONCAT: concat,
  CONCAT_WS: concatWs,
  TRIM: trimRule(),
  LTRIM: trimRule('LEADING'),
  RTRIM: trimRule('TRAILING'),
  REPLACE: replace,
  REGEXP_EXTRACT: regexpExtract,
  REGEXP_REPLACE: regexpReplace,
  SPLIT_INDEX: splitIndex,
  POSITION: position,
  LEFT: leftRight,
  RIGHT: leftRight,
  LPAD: pad,
  RPAD: pad,
};
