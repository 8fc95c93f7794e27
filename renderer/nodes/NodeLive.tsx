/**
 * The metrics strip of one node; subscribes to that node's metrics only. Three lines of fixed
 * height, reserved before the first run too, so a card never grows when a run starts (nodes
 * laid out before a run do not overlap after it): in and out counts (with rates while live),
 * the output watermark with its lag behind the newest event time (the input watermark in its
 * tooltip), and chips for filtered/late/errors, gauges, Kafka lag and the watermark hint.
 * Full values are in the tooltips; the displayed ones are rounded.
 */
import { memo } from 'react';
import { Info } from 'lucide-react';
import { useLive } from '../store/live-store.ts';
import { formatCount, formatRate, formatWatermark } from './format.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useWatermarkHint, watermarkTitle } from '../run/watermark-hints.ts';

/** The strip; an empty placeholder (no test id) of the same size before any run. */
export const NodeLive = memo(function NodeLive({ nodeId }: { nodeId: string }) {
  const m = useLive((s) => s.nodes[nodeId]);
  const hint = useWatermarkHint(nodeId);
  if (!m) {
    return (
      <div className="node-live idle" aria-hidden="true">
        <div className="metric-row">
          <span>in —</span>
          <span>out —</span>
        </div>
        <div>wm —</div>
        <div />
      </div>
    );
  }
  const live = !m.finished;
  const wmIn = formatWatermark(m.inputWatermark, m.finished && m.inputWatermark === null, m.newestEventTime);
  return (
    <div className="node-live" data-testid={`live-${nodeId}`} data-finished={m.finished ? 'true' : 'false'} data-in={m.in} data-out={m.out}>
      <div className="metric-row">
        <span title={`${m.in.toLocaleString('en-US')} records in`}>
          <span className="metric-label">in</span> {formatCount(m.in)}
          {live && <span className="dim"> {formatRate(m.inRate)}</span>}
        </span>
        <span title={`${m.out.toLocaleString('en-US')} records out`} data-testid={`count-out-${nodeId}`}>
          <span className="metric-label">out</span> {formatCount(m.out)}
          {live && <span className="dim"> {formatRate(m.outRate)}</span>}
        </span>
      </div>
      <div title={`${watermarkTitle('output')}\ninput watermark: ${wmIn}`} data-testid={`watermark-${nodeId}`}>
        <span className="metric-label">wm</span> {formatWatermark(m.outputWatermark, m.finished, m.newestEventTime)}
      </div>
      <div className="metric-chips">
        {m.filtered > 0 && <span className="chip" title={`${m.filtered.toLocaleString('en-US')} filtered`}>filtered {formatCount(m.filtered)}</span>}
        {m.late > 0 && <span className="chip warn" title={`${m.late.toLocaleString('en-US')} late`}>late {formatCount(m.late)}</span>}
        {m.errors > 0 && <span className="chip bad" title={`${m.errors.toLocaleString('en-US')} errors`}>errors {formatCount(m.errors)}</span>}
        {m.gauges && Object.keys(m.gauges).length > 0 && (
          <span className="chip" data-testid={`gauges-${nodeId}`} title={Object.entries(m.gauges).map(([name, n]) => `${name}: ${n}`).join('\n')}>
            <span className="dim">{nodeTypeSpec(m.type)?.capabilities.gauges?.label ?? 'gauges'}</span>{' '}
            {Object.entries(m.gauges).map(([name, n], i) => (
              <span key={name} data-testid={`gauge-${nodeId}-${name}`} data-value={n}>
                {i > 0 ? ' · ' : ''}
                {name} {formatCount(n)}
              </span>
            ))}
          </span>
        )}
        {m.partitions && m.partitions.length > 0 && (
          <span className="chip" title="Kafka lag: records in the partitions not read yet" data-testid={`lag-${nodeId}`}>
            lag {formatCount(m.partitions.reduce((n, p) => n + (p.lag ?? 0), 0))}
            {m.backpressureShare > 0.05 && <span className="warn"> backpressured {Math.round(m.backpressureShare * 100)}%</span>}
          </span>
        )}
        {hint && (
          <span className="chip warn" data-testid={`wm-hint-${nodeId}`} data-emitted={hint.emitted} title={hint.text}>
            <Info size={11} aria-hidden="true" /> wm emitted {hint.emitted}×
          </span>
        )}
      </div>
    </div>
  );
});
