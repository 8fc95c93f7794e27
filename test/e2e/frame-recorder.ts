/**
 * Frame timings recorded in the page: every requestAnimationFrame callback's timestamp, the
 * 'longtask' entries of a PerformanceObserver, and when the run status changed (so the live
 * phase can be told apart from the end-of-run summary). Figures only: nothing here asserts time.
 */
import type { Page } from '@playwright/test';

interface Trace {
  frames: number[];
  longTasks: { start: number; duration: number }[];
  statuses: { at: number; status: string }[];
}

interface RecorderWindow {
  __frameTrace?: Trace & { stop(): void };
}

export interface FrameStats {
  frames: number;
  durationMs: number;
  p50FrameGapMs: number;
  p99FrameGapMs: number;
  maxFrameGapMs: number;
  framesOver50Ms: number;
  longTasksOver50Ms: number;
  longestTaskMs: number;
}

export async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const trace: Trace = { frames: [], longTasks: [], statuses: [] };
    let running = true;
    const tick = (t: number): void => {
      trace.frames.push(t);
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) trace.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: 'longtask' });
    const status = document.querySelector('[data-testid="run-status"]');
    const mutations = new MutationObserver(() => trace.statuses.push({ at: performance.now(), status: status?.getAttribute('data-status') ?? '' }));
    if (status) mutations.observe(status, { attributes: true, attributeFilter: ['data-status'] });
    (window as unknown as RecorderWindow).__frameTrace = {
      ...trace,
      stop: () => {
        running = false;
        observer.disconnect();
        mutations.disconnect();
      },
    };
  });
}

export async function stopFrameRecorder(page: Page): Promise<Trace> {
  return page.evaluate(() => {
    const trace = (window as unknown as RecorderWindow).__frameTrace;
    if (!trace) throw new Error('no frame recorder in the page');
    trace.stop();
    return { frames: trace.frames, longTasks: trace.longTasks, statuses: trace.statuses };
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
const round = (n: number): number => Math.round(n * 10) / 10;

/** Statistics of the frames (and long tasks) between `from` and `to` (page time, ms). */
export function frameStats(trace: Trace, from = -Infinity, to = Infinity): FrameStats {
  const frames = trace.frames.filter((t) => t >= from && t <= to);
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] as number));
  const sorted = [...gaps].sort((a, b) => a - b);
  const tasks = trace.longTasks.filter((t) => t.start >= from && t.start <= to && t.duration > 50);
  return {
    frames: frames.length,
    durationMs: round(frames.length > 1 ? (frames[frames.length - 1] as number) - (frames[0] as number) : 0),
    p50FrameGapMs: round(percentile(sorted, 0.5)),
    p99FrameGapMs: round(percentile(sorted, 0.99)),
    maxFrameGapMs: round(sorted[sorted.length - 1] ?? 0),
    framesOver50Ms: gaps.filter((g) => g > 50).length,
    longTasksOver50Ms: tasks.length,
    longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration))),
  };
}

/** When the status first became `status` (page time), if it did. */
export function statusAt(trace: Trace, status: string): number | undefined {
  return trace.statuses.find((s) => s.status === status)?.at;
}

/** Frames that came more than `overMs` after the previous one: when (page time) and the gap. */
export function slowFrames(trace: Trace, overMs: number): { at: number; gap: number }[] {
  return trace.frames.slice(1).flatMap((t, i) => (t - (trace.frames[i] as number) > overMs ? [{ at: t, gap: t - (trace.frames[i] as number) }] : []));
}
