/**
 * Window assignment, as Flink's assigners: windows are `[start, end)` aligned to the epoch plus
 * `offset` (`TimeWindow.getWindowStartWithOffset`), and a window's last timestamp is `end - 1`.
 */

/** Start of the window of length `size` (or step `slide`) that holds `timestamp`. */
export function windowStart(timestamp: number, offset: number, size: number): number {
  const remainder = (timestamp - offset) % size;
  return remainder < 0 ? timestamp - remainder - size : timestamp - remainder;
}

/** Starts of the sliding windows holding `timestamp`, latest first (`size / slide` of them). */
export function slidingWindowStarts(timestamp: number, size: number, slide: number, offset: number): number[] {
  const starts: number[] = [];
  const last = windowStart(timestamp, offset, slide);
  for (let start = last; start > timestamp - size; start -= slide) starts.push(start);
  return starts;
}
