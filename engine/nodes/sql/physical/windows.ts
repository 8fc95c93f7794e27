/**
 * The windows of an aligned window TVF that hold a time (Flink's `TumblingSliceAssigner`,
 * `HoppingSliceAssigner`, `CumulativeSliceAssigner`, which give the same windows as the
 * DataStream assigners): TUMBLE `[start, start + size)`; HOP every `slide`, `size / slide` of
 * them; CUMULATE `[start, start + k·step)` for the steps at or after the time, within
 * `[start, start + size)`. Starts are aligned to the epoch plus the offset.
 */
import { slidingWindowStarts, windowStart } from '../../../runtime/window/assigners.ts';
import { T, type PlanWindow, type SqlColumn } from '../../../sql/index.ts';

/** The columns a window adds, for rows shown in `errors` and `late`. */
export const WINDOW_COLUMNS: readonly SqlColumn[] = [
  { name: 'window_start', type: T.timestamp(3, false) },
  { name: 'window_end', type: T.timestamp(3, false) },
  { name: 'window_time', type: T.timestampLtz(3, false) },
];

/** Fills `starts`/`ends` with the windows holding `time`; @returns how many. */
export type WindowAssigner = (time: number, starts: number[], ends: number[]) => number;

/** The assigner of a TUMBLE, HOP or CUMULATE window. @throws Error for SESSION (not aligned). */
export function alignedAssigner(w: PlanWindow): WindowAssigner {
  const offset = w.offsetMs ?? 0;
  const size = w.sizeMs as number;
  switch (w.kind) {
    case 'TUMBLE':
      return (time, starts, ends) => {
        const start = windowStart(time, offset, size);
        starts[0] = start;
        ends[0] = start + size;
        return 1;
      };
    case 'HOP': {
      const slide = w.slideMs as number;
      return (time, starts, ends) => {
        const all = slidingWindowStarts(time, size, slide, offset);
        for (let i = 0; i < all.length; i++) {
          starts[i] = all[i] as number;
          ends[i] = (all[i] as number) + size;
        }
        return all.length;
      };
    }
    case 'CUMULATE': {
      const step = w.stepMs as number;
      return (time, starts, ends) => {
        const start = windowStart(time, offset, size);
        let n = 0;
        for (let end = windowStart(time, offset, step) + step; end <= start + size; end += step) {
          starts[n] = start;
          ends[n++] = end;
        }
        return n;
      };
    }
    case 'SESSION':
      throw new Error('SESSION windows are not aligned');
  }
}
