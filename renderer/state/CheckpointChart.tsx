/**
 * A small chart (uPlot) of the run's checkpoints: duration (ms, left axis) and size (KiB, right
 * axis) by checkpoint id, redrawn as checkpoints complete.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStateView } from './state-store.ts';

const WIDTH = 320;
const HEIGHT = 120;

export function CheckpointChart() {
  const live = useStateView((s) => s.live);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: true },
        scales: { x: { time: false }, size: {} },
        axes: [{ label: 'checkpoint' }, { label: 'ms', size: 44 }, { scale: 'size', side: 1, label: 'KiB', size: 44, grid: { show: false } }],
        series: [{ label: 'id' }, { label: 'duration ms', stroke: '#2b6cb0', width: 1.5 }, { label: 'size KiB', scale: 'size', stroke: '#c05621', width: 1.5 }],
      },
      [[], [], []],
      el,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);
  useEffect(() => {
    plot.current?.setData([live.map((m) => m.id), live.map((m) => m.durationMs), live.map((m) => m.bytes / 1024)]);
  }, [live]);
  return <div ref={box} className="checkpoint-chart" data-testid="checkpoint-chart" data-points={live.length} />;
}
