/**
 * An independent model of the flights examples for the debugger's tests: the records in the
 * order a source emits them (the file's order, or shuffled as `disorder` documents it:
 * mulberry32 from the seed, each record held for `floor(random × (maxDelay + 1))` ms of event
 * time and released in order of `timestamp + delay` once the newest timestamp read reaches it),
 * punctuated bounded-out-of-orderness watermarks (`max − bound − 1` after every record), and
 * 1 h tumbling windows per origin fired when the watermark reaches `end − 1`. Written from the
 * documented semantics, not from the engine's code, so the tests compare two computations.
 */
import { readFileSync } from 'node:fs';

export interface Flight {
  date: string;
  delay: number;
  origin: string;
  /** Event time, epoch ms (the date read as UTC). */
  ts: number;
}

export const HOUR = 3_600_000;

/** `yyyy/MM/dd HH:mm` as UTC epoch ms. */
export function parseDate(text: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a flight date: ${text}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
}

/** The flights of a JSON Lines file, in file order. */
export function readFlights(path: string): Flight[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const r = JSON.parse(l) as { date: string; delay: number; origin: string };
      return { date: r.date, delay: r.delay, origin: r.origin, ts: parseDate(r.date) };
    });
}

/** The arrival order under seeded disorder (see the file's header). */
export function shuffled(flights: readonly Flight[], maxDelay: number, seed: number): Flight[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const held: { f: Flight; release: number; seq: number }[] = [];
  const out: Flight[] = [];
  let newest = -Infinity;
  flights.forEach((f, seq) => {
    held.push({ f, release: f.ts + Math.floor(random() * (maxDelay + 1)), seq });
    newest = Math.max(newest, f.ts);
    held.sort((a, b) => a.release - b.release || a.seq - b.seq);
    while (held.length > 0 && (held[0] as { release: number }).release <= newest) out.push((held.shift() as { f: Flight }).f);
  });
  return out.concat(held.map((h) => h.f));
}

/** The state of a tumbling 1 h window per origin after `n` arrivals. */
export interface WindowModel {
  /** Watermark after the n-th record (−∞ as null). */
  watermark: number | null;
  /** Windows holding records and not fired: `origin@start`. */
  open: Set<string>;
  /** Records that reached the window node. */
  arrived: number;
  /** Late records: index in `arrivals`, with the watermark they met. */
  late: { index: number; flight: Flight; watermark: number }[];
}

/**
 * Replays `arrivals` (the records reaching the window, each with the source's arrival index)
 * into 1 h tumbling windows with allowed `lateness`, under the watermark `wmAfter[i]` that the
 * source emitted after its i-th record.
 */
export function windows(arrivals: readonly { index: number; flight: Flight }[], wmAfter: readonly number[], upTo: number, lateness = 0): WindowModel {
  const open = new Map<string, number>();
  const late: WindowModel['late'] = [];
  let arrived = 0;
  for (const { index, flight } of arrivals) {
    if (index >= upTo) break;
    const before = index === 0 ? -Infinity : (wmAfter[index - 1] as number);
    const start = Math.floor(flight.ts / HOUR) * HOUR;
    const fire = start + HOUR - 1;
    arrived++;
    if (fire + lateness <= before) late.push({ index, flight, watermark: before });
    else if (fire > before) open.set(`${flight.origin}@${start}`, fire);
  }
  const wm = upTo === 0 ? -Infinity : (wmAfter[upTo - 1] as number);
  const still = new Set([...open].filter(([, fire]) => fire > wm).map(([k]) => k));
  return { watermark: Number.isFinite(wm) ? wm : null, open: still, arrived, late };
}

/** Punctuated watermarks after each record: `max(ts so far) − bound − 1`. */
export function watermarksAfter(order: readonly Flight[], bound: number): number[] {
  let max = -Infinity;
  return order.map((f) => {
    max = Math.max(max, f.ts);
    return max - bound - 1;
  });
}
