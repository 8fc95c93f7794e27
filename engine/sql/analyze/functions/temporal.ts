/**
 * Typing of the temporal functions (Flink's "Temporal Functions"): EXTRACT and its shorthands
 * (YEAR(x), HOUR(x), …) give BIGINT; TIMESTAMPADD keeps the timestamp's type, TIMESTAMPDIFF gives
 * INT; DATE_FORMAT gives STRING; TO_TIMESTAMP gives TIMESTAMP(3) (NULL when it cannot parse);
 * TO_TIMESTAMP_LTZ gives TIMESTAMP_LTZ(3); FLOOR/CEIL(t TO unit) keep t's type. A computed
 * timestamp is never a time attribute. The clock functions (CURRENT_TIMESTAMP, NOW(), PROCTIME(),
 * …) are refused: they read processing time, so no two runs — nor Flink — would agree.
 */
import { T, isCharacter, isInteger, isNumeric, isTimestamp, withNullable, withoutTimeAttribute, type SqlType } from '../../types/sql-type.ts';
import { anyNullable, call, symbol, type Rex } from '../rex.ts';
import { arity, failArgs, type CallSite, type ScalarRule } from './call-site.ts';
import { tokenizePattern } from '../../expr/date-format.ts';
import { SqlRuntimeError } from '../../runtime-error.ts';

/** Rejects a literal date-time pattern with an unknown letter, as Java would reject it. */
function checkPatternLiteral(r: Rex | undefined, site: CallSite): void {
  if (r?.kind !== 'literal' || typeof r.value !== 'string') return;
  try {
    tokenizePattern(r.value);
  } catch (e) {
    if (e instanceof SqlRuntimeError) site.problems.fail(site.span, site.name, e.reason);
    throw e;
  }
}

const DATE_UNITS = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'DOW', 'DOY', 'DECADE', 'CENTURY', 'MILLENNIUM', 'EPOCH'];
const TIME_UNITS = ['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'];
const ALIASES: Record<string, string> = { DAYOFWEEK: 'DOW', DAYOFYEAR: 'DOY', DAYOFMONTH: 'DAY' };

/** The clock-reading functions we refuse, with why. */
export const CLOCK_FUNCTIONS = new Set([
  'CURRENT_TIMESTAMP', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'NOW', 'PROCTIME',
  'CURRENT_ROW_TIMESTAMP', 'UNIX_TIMESTAMP', 'CURRENT_WATERMARK', 'RAND', 'RAND_INTEGER', 'UUID',
]);

/** The refusal for a clock function. */
export function clockFunctionMessage(name: string): string {
  if (name === 'CURRENT_WATERMARK') return 'CURRENT_WATERMARK is not supported by the sql node; late records go to the node\'s late output instead.';
  if (name === 'RAND' || name === 'RAND_INTEGER' || name === 'UUID') return `${name} is non-deterministic, so results would differ between runs and from Flink; it is not supported by the sql node.`;
  return `${name} reads the processing-time clock, so results would differ between runs and from Flink; use the event time (rowtime, window_start, …) instead.`;
}

function unitOf(r: Rex | undefined): string | undefined {
  return r?.kind === 'symbol' ? r.value : undefined;
}

/** EXTRACT(unit FROM x) as call EXTRACT(symbol, x) → BIGINT. */
export function extract(unitName: string, x: Rex, site: CallSite): Rex {
  const unit = ALIASES[unitName] ?? unitName;
  const t = x.type;
  const allowed = t.kind === 'DATE' ? DATE_UNITS : t.kind === 'TIME' ? TIME_UNITS : isTimestamp(t) ? [...DATE_UNITS, ...TIME_UNITS] : undefined;
  if (allowed === undefined) failArgs(site, [symbol(unit), x], "'EXTRACT(<DATETIME_INTERVAL> FROM <DATETIME>)'");
  if (!allowed.includes(unit)) return site.problems.fail(site.span, 'EXTRACT', `Cannot extract ${unit} from ${t.kind}; use one of ${allowed.join(', ')}.`);
  return call('EXTRACT', [symbol(unit), x], T.bigint(x.type.nullable));
}

/** YEAR(x), HOUR(x), … as EXTRACT. */
function extractShorthand(unit: string): ScalarRule {
  return (args, site) => {
    arity(site, args, 1, 1, `'${site.name}(<DATETIME>)'`);
    return extract(unit, args[0]!, site);
  };
}

const ADD_UNITS = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'];

const timestampAdd: ScalarRule = (args, site) => {
  const forms = "'TIMESTAMPADD(<TIME_UNIT>, <INTEGER>, <DATETIME>)'";
  arity(site, args, 3, 3, forms);
  const unit = unitOf(args[0]);
  const [, n, t] = args as [Rex, Rex, Rex];
  if (unit === undefined || !ADD_UNITS.includes(unit) || !(isInteger(n.type) || n.type.kind === 'NULL')) failArgs(site, args, forms);
  if (!(isTimestamp(t.type) || t.type.kind === 'DATE')) failArgs(site, args, forms);
  if (t.type.kind === 'DATE' && ['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'].includes(unit)) {
    return site.problems.fail(site.span, 'TIMESTAMPADD', `Adding ${unit}s to a DATE is not supported; CAST it to TIMESTAMP(3) first.`);
  }
  return call('TIMESTAMPADD', args, withNullable(withoutTimeAttribute(t.type), anyNullable([n, t])));
};

const DIFF_UNITS = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

const timestampDiff: ScalarRule = (args, site) => {
  const forms = "'TIMESTAMPDIFF(<TIME_UNIT>, <DATETIME>, <DATETIME>)'";
  arity(site, args, 3, 3, forms);
  const unit = unitOf(args[0]);
  const [, a, b] = args as [Rex, Rex, Rex];
  const dt = (x: SqlType) => isTimestamp(x) || x.kind === 'DATE';
  if (unit === undefined || !DIFF_UNITS.includes(unit) || !dt(a.type) || !dt(b.type)) failArgs(site, args, forms);
  if ((a.type.kind === 'TIMESTAMP_LTZ') !== (b.type.kind === 'TIMESTAMP_LTZ')) {
    return site.problems.fail(site.span, 'TIMESTAMPDIFF', 'TIMESTAMP_LTZ only supports diff between the same type.');
  }
  return call('TIMESTAMPDIFF', args, T.int(anyNullable([a, b])));
};

const dateFormat: ScalarRule = (args, site) => {
  const forms = "'DATE_FORMAT(<TIMESTAMP>, <STRING>)', 'DATE_FORMAT(<STRING>, <STRING>)'";
  arity(site, args, 2, 2, forms);
  const [x, f] = args as [Rex, Rex];
  const okX = isTimestamp(x.type) || x.type.kind === 'DATE' || isCharacter(x.type) || x.type.kind === 'NULL';
  if (!okX || !(isCharacter(f.type) || f.type.kind === 'NULL')) failArgs(site, args, forms);
  checkPatternLiteral(f, site);
  return call('DATE_FORMAT', args, T.string(isCharacter(x.type) || anyNullable(args)));
};

const toTimestamp: ScalarRule = (args, site) => {
  const forms = "'TO_TIMESTAMP(<STRING>)', 'TO_TIMESTAMP(<STRING>, <STRING>)'";
  arity(site, args, 1, 2, forms);
  if (!args.every((a) => isCharacter(a.type) || a.type.kind === 'NULL')) failArgs(site, args, forms);
  checkPatternLiteral(args[1], site);
  return call('TO_TIMESTAMP', args, T.timestamp(3, true));
};

const toDate: ScalarRule = (args, site) => {
  const forms = "'TO_DATE(<STRING>)', 'TO_DATE(<STRING>, <STRING>)'";
  arity(site, args, 1, 2, forms);
  if (!args.every((a) => isCharacter(a.type) || a.type.kind === 'NULL')) failArgs(site, args, forms);
  checkPatternLiteral(args[1], site);
  return call('TO_DATE', args, T.date(true));
};

const toTimestampLtz: ScalarRule = (args, site) => {
  const forms = "'TO_TIMESTAMP_LTZ(<NUMERIC>, 0|3)'";
  arity(site, args, 2, 2, forms);
  const [n, p] = args as [Rex, Rex];
  if (!isNumeric(n.type) || p.kind !== 'literal' || (p.value !== 0 && p.value !== 3)) {
    return site.problems.fail(site.span, 'TO_TIMESTAMP_LTZ', `TO_TIMESTAMP_LTZ takes a numeric and the precision 0 (epoch seconds) or 3 (epoch milliseconds).${site.note(args)}`);
  }
  return call('TO_TIMESTAMP_LTZ', args, T.timestampLtz(3, n.type.nullable));
};

/** FLOOR/CEIL(t TO unit) for timestamps and dates. */
export function floorCeilTemporal(name: 'FLOOR' | 'CEIL', t: Rex, unitArg: Rex, site: CallSite): Rex {
  const unit = unitOf(unitArg);
  const units = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'];
  if (unit === undefined || !units.includes(unit) || !(isTimestamp(t.type) || t.type.kind === 'DATE')) {
    failArgs(site, [t, unitArg], `'${name}(<DATETIME> TO <TIME_UNIT>)'`);
  }
  if (t.type.kind === 'DATE' && ['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'].includes(unit)) {
    return site.problems.fail(site.span, name, `${name} of a DATE to ${unit} is not supported.`);
  }
  return call(name, [t, unitArg], withoutTimeAttribute(t.type));
}

/** The temporal functions by name. */
export const TEMPORAL_FUNCTIONS: Record<string, ScalarRule> = {
  YEAR: extractShorthand('YEAR'),
  QUARTER: extractShorthand('QUARTER'),
  MONTH: extractShorthand('MONTH'),
  WEEK: extractShorthand('WEEK'),
  DAYOFYEAR: extractShorthand('DOY'),
  DAYOFMONTH: extractShorthand('DAY'),
  DAYOFWEEK: extractShorthand('DOW'),
  HOUR: extractShorthand('HOUR'),
  MINUTE: extractShorthand('MINUTE'),
  SECOND: extractShorthand('SECOND'),
  TIMESTAMPADD: timestampAdd,
  TIMESTAMPDIFF: timestampDiff,
  DATE_FORMAT: dateFormat,
  TO_TIMESTAMP: toTimestamp,
  TO_DATE: toDate,
  TO_TIMESTAMP_LTZ: toTimestampLtz,
};
