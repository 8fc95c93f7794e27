/**
 * The chart (uPlot) of one node over the run: records in and out per second (left axis) and
 * watermark lag in seconds of event time (right axis), from the bounded history
 * (`node-history.ts`) fed by the live metrics (about ten a second). Shown in the Debugger column
 * for the selected node.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLive } from '../store/live-store.ts';
import { RunHistory } from './node-history.ts';

/** The current run's history: reset when the live metrics are (a new run), fed by every update. */
const history = new RunHistory();
let lastElapsed = -1;
useLive.subscribe((s) => {
  if (s.elapsedMs < lastElapsed || Object.keys(s.nodes).length === 0) history.clear();
  if (s.elapsedMs === lastElapsed) return;
  lastElapsed = s.elapsedMs;
  for (const n of Object.values(s.nodes)) {
    const wm = n.inputWatermark ?? n.outputWatermark;
    const lag = wm === null || n.newestEventTime === null || n.finished ? null : Math.max(0, n.newestEventTime - wm);
    history.add(n.nodeId, { t: s.elapsedMs / 1000, inRate: n.inRate, outRate: n.outRate, lag: lag === null ? null : lag / 1000 });
  }
});

const WIDTH = 420;
const HEIGHT = 140;

export function NodeChart({ nodeId }: { nodeId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const elapsed = useLive((s) => s.elapsedMs);
  const [points, setPoints] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: true },
        scales: { x: { time: false }, lag: {} },
        axes: [{ label: 's' }, { label: 'records/s', size: 52 }, { scale: 'lag', side: 1, label: 'lag s', size: 48, grid: { show: false } }],
        series: [
          { label: 't' },
          { label: 'in/s', stroke: '#2b6cb0', width: 1.5 },
          { label: 'out/s', stroke: '#2f855a', width: 1.5 },
          { label: 'watermark lag s', scale: 'lag', stroke: '#c05621', width: 1.5 },
        ],
      },
      [[], [], [], []],
      el,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [nodeId]);
  useEffect(() => {
    const s = history.of(nodeId);
    plot.current?.setData([s.t, s.inRate, s.outRate, s.lag]);
    setPoints(s.t.length);
  }, [nodeId, elapsed]);
  return <div ref={box} className="node-chart" data-testid={`node-chart-${nodeId}`} data-points={points} data-series={3} />;
}
