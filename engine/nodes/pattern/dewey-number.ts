/**
 * Dewey numbers (Flink CEP's `DeweyNumber`): the versions that tell apart the runs sharing one
 * event buffer. A version is a sequence of digits `d1.d2…dn`, kept as a plain array so it lives
 * in keyed state as it is. Every function returns a new array; none changes its arguments.
 */

/** A version: its digits, most significant first (never empty). */
export type DeweyNumber = readonly number[];

/**
 * Flink's `isCompatibleWith`: `a` is compatible with `b` when `b` is a proper prefix of `a`, or
 * when both have the same length, agree on all but the last digit, and `a`'s last digit is
 * greater than or equal to `b`'s.
 */
export function isCompatibleWith(a: DeweyNumber, b: DeweyNumber): boolean {
  const n = b.length;
  if (a.length > n) {
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a.length !== n) return false;
  const last = n - 1;
  for (let i = 0; i < last; i++) if (a[i] !== b[i]) return false;
  return (a[last] as number) >= (b[last] as number);
}

/** Flink's `increase(times)`: the last digit plus `times`. */
export function increase(v: DeweyNumber, times: number): DeweyNumber {
  const out = v.slice();
  out[out.length - 1] = (out[out.length - 1] as number) + times;
  return out;
}

/** Flink's `addStage()`: a new last digit 0. */
export function addStage(v: DeweyNumber): DeweyNumber {
  const out = v.slice();
  out.push(0);
  return out;
}

/** `increase(times).addStage()` in one copy. */
export function increaseAndAddStage(v: DeweyNumber, times: number): DeweyNumber {
  const n = v.length;
  const out = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) out[i] = v[i] as number;
  out[n - 1] = (out[n - 1] as number) + times;
  out[n] = 0;
  return out;
}

/** Digit-by-digit equality (Flink's `DeweyNumber.equals`). */
export function deweyEquals(a: DeweyNumber, b: DeweyNumber): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
