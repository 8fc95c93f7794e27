/**
 * The slices of TUMBLE, HOP and CUMULATE windows, as Flink's slicing window operators cut them
 * (`SliceAssigners`): a row belongs to one slice — the window itself for TUMBLE, `slide` long for
 * HOP (size is a multiple of slide), `step` long for CUMULATE — and a window is assembled from
 * its slices when it fires. Times are epoch ms; slices and windows are named by their end.
 */
import { windowStart } from '../../../runtime/window/assigners.ts';
import type { PlanWindow } from '../../../sql/index.ts';

export interface SliceGeometry {
  /** Slice length, and the distance between window ends. */
  readonly interval: number;
  /** End of the slice holding `time`. */
  sliceEnd(time: number): number;
  /** End of the last window holding the slice (a row is dropped once that one fired). */
  lastWindowEnd(sliceEnd: number): number;
  /** Slice whose state a late row of a fired slice goes to (CUMULATE: the window's first slice). */
  mergeTarget(sliceEnd: number): number;
  windowStartOf(windowEnd: number): number;
  /**
   * The accumulator of the window ending at `windowEnd`, from its slices (`get`), merged as
   * Flink merges them, and the slice it is stored back into (CUMULATE's first slice).
   */
  fireWindow<A>(windowEnd: number, get: (slice: number) => A | undefined, merge: (into: A | undefined, slice: A) => A): { acc?: A; store?: number };
  /** Slices no later window needs once the window ending at `windowEnd` fired. */
  expiredSlices(windowEnd: number): number[];
  /** The next window to fire after `windowEnd` for this key (HOP: only after a non-empty one). */
  nextWindow(windowEnd: number, empty: boolean): number | undefined;
}

/** @throws Error for SESSION windows, which are not sliced. */
export function sliceGeometry(w: PlanWindow): SliceGeometry {
  const offset = w.offsetMs ?? 0;
  const size = w.sizeMs as number;
  switch (w.kind) {
    case 'TUMBLE':
      return {
        interval: size,
        sliceEnd: (t) => windowStart(t, offset, size) + size,
        lastWindowEnd: (s) => s,
        mergeTarget: (s) => s,
        windowStartOf: (end) => end - size,
        fireWindow: (end, get) => {
          const acc = get(end);
          return acc === undefined ? {} : { acc };
        },
        expiredSlices: (end) => [end],
        nextWindow: () => undefined,
      };
    case 'HOP': {
      const slide = w.slideMs as number;
      const count = size / slide;
      return {
        interval: slide,
        sliceEnd: (t) => windowStart(t, offset, slide) + slide,
        lastWindowEnd: (s) => s - slide + size,
        mergeTarget: (s) => s,
        windowStartOf: (end) => end - size,
        // From the last slice back to the first, into a fresh accumulator (HoppingSlicesIterable).
        fireWindow: (end, get, merge) => {
          let acc: ReturnType<typeof get>;
          for (let i = 0; i < count; i++) {
            const slice = get(end - i * slide);
            if (slice !== undefined) acc = merge(acc, slice);
          }
          return acc === undefined ? {} : { acc };
        },
        expiredSlices: (end) => [end - size + slide],
        nextWindow: (end, empty) => (empty ? undefined : end + slide),
      };
    }
    case 'CUMULATE': {
      const step = w.stepMs as number;
      const startOf = (end: number): number => windowStart(end - 1, offset, size);
      const first = (end: number): number => startOf(end) + step;
      return {
        interval: step,
        sliceEnd: (t) => windowStart(t, offset, step) + step,
        lastWindowEnd: (s) => startOf(s) + size,
        mergeTarget: first,
        windowStartOf: startOf,
        // The current slice merges into the shared first slice, which holds the window so far.
        fireWindow: (end, get, merge) => {
          const f = first(end);
          const base = get(f);
          if (end === f) return base === undefined ? {} : { acc: base };
          const current = get(end);
          const acc = current === undefined ? base : merge(base, current);
          return acc === undefined ? {} : { acc, store: f };
        },
        expiredSlices: (end) => (end === first(end) ? [] : end === startOf(end) + size ? [end, first(end)] : [end]),
        nextWindow: (end) => (end + step <= startOf(end) + size ? end + step : undefined),
      };
    }
    case 'SESSION':
      throw new Error('SESSION windows are not sliced');
  }
}
