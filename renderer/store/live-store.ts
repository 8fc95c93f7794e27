/**
 * Live metrics of the current run, apart from the editor store: a metrics event (ten a second)
 * replaces only the changed nodes' entries, and each node component subscribes to its own
 * entry, so the canvas as a whole never re-renders for metrics.
 */
import { create } from 'zustand';
import type { ProtocolMetrics } from '../../engine/host/protocol.ts';

export interface LiveNode extends ProtocolMetrics {
  /** Records per second in and out, over the last interval. */
  inRate: number;
  outRate: number;
  /** Per output port, records per second. */
  portRates: Record<string, number>;
  /** Newest event time seen anywhere in the run (for watermark lag). */
  newestEventTime: number | null;
  /** Sources: share of the last interval spent waiting for backpressured operators (0..1). */
  backpressureShare: number;
}

interface LiveState {
  nodes: Record<string, LiveNode>;
  elapsedMs: number;
  update(elapsedMs: number, snapshots: ProtocolMetrics[]): void;
  reset(): void;
}

export const useLive = create<LiveState>()((set, get) => ({
  nodes: {},
  elapsedMs: 0,
  update: (elapsedMs, snapshots) => {
    const { nodes: before, elapsedMs: then } = get();
    const dt = Math.max(1e-3, (elapsedMs - then) / 1000);
    const newest = snapshots.reduce<number | null>((m, s) => (s.maxEventTime !== null && (m === null || s.maxEventTime > m) ? s.maxEventTime : m), null);
    const nodes: Record<string, LiveNode> = {};
    for (const s of snapshots) {
      const prev = before[s.nodeId];
      const portRates: Record<string, number> = {};
      for (const [port, n] of Object.entries(s.emitted)) portRates[port] = prev ? Math.max(0, (n - (prev.emitted[port] ?? 0)) / dt) : 0;
      nodes[s.nodeId] = {
        ...s,
        inRate: prev ? Math.max(0, (s.in - prev.in) / dt) : 0,
        outRate: prev ? Math.max(0, (s.out - prev.out) / dt) : 0,
        portRates,
        newestEventTime: newest,
        backpressureShare: prev ? Math.min(1, Math.max(0, (s.backpressuredMs - prev.backpressuredMs) / 1000 / dt)) : 0,
      };
    }
    set({ nodes, elapsedMs });
  },
  reset: () => set({ nodes: {}, elapsedMs: 0 }),
}));
