/**
 * A Kafka source's partitions while it runs (and after): for each, the next offset it will read,
 * the partition's end as of its latest fetch, the lag between them (records not read yet), and
 * the offset last committed to its consumer group (`groupId`), as Kafka's own tooling would show
 * it. From the live metrics, so it updates ten times a second.
 */
import { memo } from 'react';
import { useLive } from '../store/live-store.ts';
import { formatCount } from '../nodes/format.ts';

export const KafkaPartitions = memo(function KafkaPartitions({ nodeId }: { nodeId: string }) {
  const partitions = useLive((s) => s.nodes[nodeId]?.partitions);
  if (!partitions || partitions.length === 0) return null;
  const total = partitions.reduce((n, p) => n + (p.lag ?? 0), 0);
  return (
    <div className="field" data-testid="kafka-partitions">
      <span className="field-label">
        Kafka partitions <span className="dim">lag {formatCount(total)}</span>
      </span>
      <table className="kafka-partitions">
        <thead>
          <tr>
            <th>topic</th>
            <th>partition</th>
            <th>offset</th>
            <th>end</th>
            <th>lag</th>
            <th>committed</th>
          </tr>
        </thead>
        <tbody>
          {partitions.map((p) => (
            <tr key={`${p.topic}/${p.partition}`} data-testid={`kafka-partition-${p.topic}-${p.partition}`}>
              <td>{p.topic}</td>
              <td>{p.partition}</td>
              <td>{p.offset}</td>
              <td>{p.end ?? '–'}</td>
              <td data-lag={p.lag ?? ''}>{p.lag === null ? '–' : formatCount(p.lag)}</td>
              <td>{p.committed ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
