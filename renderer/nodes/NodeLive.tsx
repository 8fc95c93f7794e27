/** The live overlay of one node; subscribes to that node's metrics only. */
import { memo } from 'react';
import { useLive } from '../store/live-store.ts';
import { formatCount, formatRate, formatWatermark } from './format.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';

export const NodeLive = memo(function NodeLive({ nodeId }: { nodeId: string }) {
  const m = useLive((s) => s.nodes[nodeId]);
  if (!m) return null;
  return (
    <div className="node-live" data-testid={`live-${nodeId}`} data-finished={m.finished ? 'true' : 'false'} data-in={m.in} data-out={m.out}>
      <div>
        in {formatCount(m.in)} <span className="dim">{formatRate(m.inRate)}</span>
      </div>
      <div>
        out {formatCount(m.out)} <span className="dim">{formatRate(m.outRate)}</span>
      </div>
      <div title="input watermark">wm in {formatWatermark(m.inputWatermark, m.finished && m.inputWatermark === null, m.newestEventTime)}</div>
      <div title="output watermark" data-testid={`watermark-${nodeId}`}>wm out {formatWatermark(m.outputWatermark, m.finished, m.newestEventTime)}</div>
      {m.gauges && Object.keys(m.gauges).length > 0 && (
        <div data-testid={`gauges-${nodeId}`} title={Object.entries(m.gauges).map(([name, n]) => `${name}: ${n}`).join('\n')}>
          <span className="dim">{nodeTypeSpec(m.type)?.capabilities.gauges?.label ?? 'gauges'}</span>{' '}
          {Object.entries(m.gauges).map(([name, n], i) => (
            <span key={name} data-testid={`gauge-${nodeId}-${name}`} data-value={n}>
              {i > 0 ? ' · ' : ''}
              {name} {formatCount(n)}
            </span>
          ))}
        </div>
      )}
      {m.partitions && m.partitions.length > 0 && (
        <div title="Kafka lag: records in the partitions not read yet" data-testid={`lag-${nodeId}`}>
          lag {formatCount(m.partitions.reduce((n, p) => n + (p.lag ?? 0), 0))}
          {m.backpressureShare > 0.05 && <span className="warn"> backpressured {Math.round(m.backpressureShare * 100)}%</span>}
        </div>
      )}
      {m.late + m.errors + m.filtered > 0 && (
        <div>
          {m.filtered > 0 && <span>filtered {formatCount(m.filtered)} </span>}
          {m.late > 0 && <span className="warn">late {formatCount(m.late)} </span>}
          {m.errors > 0 && <span className="bad">errors {formatCount(m.errors)}</span>}
        </div>
      )}
    </div>
  );
});
