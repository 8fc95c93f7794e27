/**
 * Month arithmetic on dates and timestamps as Flink's `DateTimeUtils.addMonths` and
 * `subtractMonths`: adding months keeps the day of month, clamped to the month's last day
 * (`2001-01-31 + 1 month` is 2001-02-28); the months between two instants are the whole months
 * that fit, counting a month complete only when its day and time of day are reached.
 */
import { MS_PER_DAY, civilFromDays, daysFromCivil, floorDiv, floorMod, lastDayOfMonth } from '../types/temporal.ts';

/** A date (days since the epoch) plus `m` months. */
export function addMonthsToDate(date: number, m: number): number {
  const { year, month, day } = civilFromDays(date);
  const total = month - 1 + m;
  const y = year + Math.floor(total / 12);
  const mo = floorMod(total, 12) + 1;
  return daysFromCivil(y, mo, Math.min(day, lastDayOfMonth(y, mo)));
}

/** An instant (epoch ms, UTC) plus `m` months, keeping the time of day. */
export function addMonthsToTimestamp(ts: number, m: number): number {
  const ms = floorMod(ts, MS_PER_DAY);
  return addMonthsToDate(floorDiv(ts - ms, MS_PER_DAY), m) * MS_PER_DAY + ms;
}

/** Whole months from date `d1` to date `d0` (negative when d0 < d1). */
export function subtractMonthsOfDates(d0: number, d1: number): number {
  if (d0 < d1) return -subtractMonthsOfDates(d1, d0);
  let m = Math.floor((d0 - d1) / 31);
  for (;;) {
    if (addMonthsToDate(d1, m) >= d0) return m;
    if (addMonthsToDate(d1, m + 1) > d0) return m;
    m++;
  }
}

/** Whole months from instant `t1` to instant `t0`, as Flink's `subtractMonths(long, long)`. */
export function subtractMonthsOfTimestamps(t0: number, t1: number): number {
  const ms0 = floorMod(t0, MS_PER_DAY);
  const d0 = floorDiv(t0 - ms0, MS_PER_DAY);
  const ms1 = floorMod(t1, MS_PER_DAY);
  const d1 = floorDiv(t1 - ms1, MS_PER_DAY);
  let x = subtractMonthsOfDates(d0, d1);
  const d2 = addMonthsToDate(d1, x);
  if (d2 === d0 && ms0 < ms1) x--;
  return x;
}
