/**
 * Keyed-state keys from SQL values: a group key, a join key or a Top-N partition becomes the
 * string the keyed state backend and the timers are scoped by (Flink keys its operators by the
 * key columns' binary row). Values equal under SQL `=` map to the same string: numbers by their
 * decimal text (`1`, `1.5`; -0 is 0), BIGINT and DECIMAL by their exact text with trailing
 * fraction zeros removed, strings as they are. NULL is a marker no string starts with (strings
 * that start with it are escaped). One key column of string type — the common case — costs
 * nothing: the value is the key.
 */
import { encodeValue, formatType, type SqlType, type SqlValue } from '../../../sql/index.ts';

const NULL_KEY = '\u0000';
const SEP = '\u001f';

/** Plain decimal text without trailing fraction zeros (`1.50` → `1.5`), as a double prints. */
function decimalKey(v: { unscaled: bigint; scale: number }): string {
  let { unscaled, scale } = v;
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale--;
  }
  if (scale === 0) return unscaled.toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The key text of one value (see the file header); `type` decides nested values' form. */
export function keyPart(v: SqlValue, type: SqlType): string {
  if (v === null) return NULL_KEY;
  switch (typeof v) {
    case 'string':
      return v.charCodeAt(0) === 0 ? NULL_KEY + v : v;
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (type.kind === 'DECIMAL') return decimalKey(v as { unscaled: bigint; scale: number });
      return NULL_KEY + formatType(type) + JSON.stringify(encodeValue(type, v));
  }
}

/**
 * Builds the key of a row from compiled key expressions. `undefined` key types (no key
 * columns) give the one global key `''`.
 */
export function keyOf(values: readonly SqlValue[], types: readonly SqlType[]): string {
  if (values.length === 0) return '';
  if (values.length === 1) return keyPart(values[0] as SqlValue, types[0] as SqlType);
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const part = keyPart(values[i] as SqlValue, types[i] as SqlType);
    // A separator inside a part is doubled so parts cannot run into each other.
    out += (i === 0 ? '' : SEP) + (part.includes(SEP) ? part.replaceAll(SEP, SEP + SEP) : part);
  }
  return out;
}

/** Whether any key value is NULL (SQL `=` never matches NULL: such join rows find no partner). */
export function hasNull(values: readonly SqlValue[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === null) return true;
  return false;
}
