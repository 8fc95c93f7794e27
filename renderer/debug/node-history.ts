/**
 * Per-node chart history of a run with bounded memory: every metrics event adds, per node, the
 * records in/out per second and the watermark lag (newest event time seen in the run − the
 * node's watermark, ms of event time; the studio's clock is event time, so "processing time −
 * watermark" of a replay is read on the replayed clock). At most `capacity` points per node are
 * kept whatever the run's length: when full, neighbouring points are merged in pairs (rates
 * averaged, lag maxed, time of the later one) and from then on twice as many new points make one,
 * so the history covers the whole run at a uniform, halved resolution — as a downsampling
 * time-series store (RRD) does.
 */

/** One node's series: wall time (s since the run started), rates (records/s) and lag (ms). */
export interface NodeSeries {
  t: number[];
  inRate: number[];
  outRate: number[];
  lag: (number | null)[];
}

/** What one metrics event gives a node's history. */
export interface HistoryPoint {
  t: number;
  inRate: number;
  outRate: number;
  lag: number | null;
}

/** Points per node at most. */
export const HISTORY_CAPACITY = 512;

const empty = (): NodeSeries => ({ t: [], inRate: [], outRate: [], lag: [] });

/** Halves a series by merging neighbouring pairs (an odd last point stays). */
export function downsample(s: NodeSeries): NodeSeries {
  const out = empty();
  for (let i = 0; i < s.t.length; i += 2) {
    const j = Math.min(i + 1, s.t.length - 1);
    out.t.push(s.t[j] as number);
    out.inRate.push(((s.inRate[i] as number) + (s.inRate[j] as number)) / 2);
    out.outRate.push(((s.outRate[i] as number) + (s.outRate[j] as number)) / 2);
    const a = s.lag[i] ?? null;
    const b = s.lag[j] ?? null;
    out.lag.push(a === null ? b : b === null ? a : Math.max(a, b));
  }
  return out;
}

interface Track {
  series: NodeSeries;
  /** Raw points per stored point (doubles at every downsampling: uniform resolution over the run). */
  width: number;
  /** Raw points gathered for the next stored point. */
  pending: { n: number; inSum: number; outSum: number; lag: number | null; t: number };
}

/** Every node's history of one run. */
export class RunHistory {
  private readonly tracks = new Map<string, Track>();

  constructor(private readonly capacity = HISTORY_CAPACITY) {}

  /**
   * Adds a point to node `nodeId`'s history. Points are gathered `width` at a time into one
   * stored point; when `capacity` stored points are reached they are halved and `width` doubles.
   */
  add(nodeId: string, p: HistoryPoint): void {
    let track = this.tracks.get(nodeId);
    if (!track) {
      track = { series: empty(), width: 1, pending: { n: 0, inSum: 0, outSum: 0, lag: null, t: 0 } };
      this.tracks.set(nodeId, track);
    }
    const g = track.pending;
    g.n++;
    g.inSum += p.inRate;
    g.outSum += p.outRate;
    g.lag = g.lag === null ? p.lag : p.lag === null ? g.lag : Math.max(g.lag, p.lag);
    g.t = p.t;
    if (g.n < track.width) return;
    const s = track.series;
    s.t.push(g.t);
    s.inRate.push(g.inSum / g.n);
    s.outRate.push(g.outSum / g.n);
    s.lag.push(g.lag);
    track.pending = { n: 0, inSum: 0, outSum: 0, lag: null, t: 0 };
    if (s.t.length >= this.capacity) {
      track.series = downsample(s);
      track.width *= 2;
    }
  }

  /** Node `nodeId`'s series (empty when it has none); the points still being gathered are not in it. */
  of(nodeId: string): NodeSeries {
    return this.tracks.get(nodeId)?.series ?? empty();
  }

  clear(): void {
    this.tracks.clear();
  }
}
