/**
 * Literals to typed `Rex` literals, with Calcite's literal types: an integer literal is INT
 * when it fits, else BIGINT, else DECIMAL(p, 0); a literal with a point is DECIMAL(p, s) with
 * s its fraction digits (`1.50` is DECIMAL(3, 2)); with an exponent it is DOUBLE; `'abc'` is
 * CHAR(3); TRUE/FALSE are BOOLEAN; `DATE '…'`, `TIME '…'`, `TIMESTAMP '…'` (precision = the
 * fraction digits written); intervals are INTERVAL types. All NOT NULL except NULL itself.
 */
import type { Literal } from '../parse/ast.ts';
import { digitCount } from '../types/decimal.ts';
import { encodeValue } from '../types/json-codec.ts';
import { MAX_DECIMAL_PRECISION, T } from '../types/sql-type.ts';
import { parseDate, parseTime, parseTimestamp } from '../types/temporal.ts';
import { literal, type Rex } from './rex.ts';

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

/** The typed literal, or a message when the literal is out of range or malformed. */
export function literalRex(lit: Literal): Rex | string {
  switch (lit.type) {
    case 'string':
      return literal(lit.value, T.char(lit.value.length, false));
    case 'boolean':
      return literal(lit.value, T.boolean(false));
    case 'null':
      return literal(null, T.null());
    case 'approx': {
      const d = Number(lit.text);
      return Number.isFinite(d) ? literal(d, T.double(false)) : `Numeric literal '${lit.text}' out of range.`;
    }
    case 'exact': {
      if (!lit.text.includes('.')) {
        const v = BigInt(lit.text);
        if (v >= INT_MIN && v <= INT_MAX) return literal(Number(v), T.int(false));
        if (v >= LONG_MIN && v <= LONG_MAX) return literal(encodeValue(T.bigint(), v), T.bigint(false));
        if (digitCount(v) > MAX_DECIMAL_PRECISION) return `Numeric literal '${lit.text}' out of range.`;
        return literal(lit.text, T.decimal(digitCount(v), 0, false));
      }
      const neg = lit.text.startsWith('-');
      const [intPart, frac = ''] = lit.text.replace(/^-/, '').split('.') as [string, string?];
      const unscaled = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
      const scale = frac.length;
      const precision = Math.max(digitCount(unscaled), scale, 1);
      if (precision > MAX_DECIMAL_PRECISION) return `Numeric literal '${lit.text}' out of range.`;
      const text = `${neg ? '-' : ''}${intPart === '' ? '0' : intPart}${scale > 0 ? '.' + frac : ''}`;
      return literal(text, T.decimal(precision, scale, false));
    }
    case 'date': {
      const d = /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(lit.text) ? parseDate(lit.text) : null;
      return d === null ? `Illegal DATE literal '${lit.text}': not in format 'yyyy-MM-dd'.` : literal(encodeValue(T.date(), d), T.date(false));
    }
    case 'time': {
      const m = /^\s*\d{1,2}:\d{2}:\d{2}(\.(\d+))?\s*$/.exec(lit.text);
      const t = m === null ? null : parseTime(lit.text);
      if (t === null || t >= 86_400_000) return `Illegal TIME literal '${lit.text}': not in format 'HH:mm:ss'.`;
      const p = Math.min(m![2]?.length ?? 0, 9);
      return literal(encodeValue(T.time(p), t), T.time(p, false));
    }
    case 'timestamp': {
      const ts = parseTimestamp(lit.text);
      if (ts === null) return `Illegal TIMESTAMP literal '${lit.text}': not in format 'yyyy-MM-dd HH:mm:ss'.`;
      const p = Math.min(/\.(\d+)\s*$/.exec(lit.text)?.[1]?.length ?? 0, 9);
      return literal(encodeValue(T.timestamp(p), ts), T.timestamp(p, false));
    }
    case 'interval':
      return literal(lit.value, lit.yearMonth ? T.intervalYearMonth(false) : T.intervalDayTime(false));
    case 'binary':
      return `Binary literals are not supported by the sql node.`;
  }
}
