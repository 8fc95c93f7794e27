/**
 * The checkpoint diff: for one node, the keys added, removed and changed from one point to
 * another (checkpoints or savepoints), with the state names whose entry differs and whether the
 * key's timers differ. Counts are complete; the first changes are listed in key order.
 */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useStateView } from './state-store.ts';
import type { CallResult } from '../../engine/host/protocol.ts';

type Diff = CallResult<'stateDiff'>;

export function StateDiff() {
  const diff = useStateView((s) => s.diff);
  const [nodes, setNodes] = useState<string[]>([]);
  const [nodeId, setNodeId] = useState<string>();
  const [result, setResult] = useState<Diff>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!diff) return;
    let current = true;
    host()
      .stateInfo({ dir: diff.to.dir, checkpoint: diff.to.checkpoint })
      .then(
        (info) => {
          if (!current) return;
          const stateful = info.nodes.filter((n) => n.chunks > 0).map((n) => n.nodeId);
          setNodes(stateful);
          setNodeId((n) => (n !== undefined && stateful.includes(n) ? n : stateful[0]));
        },
        (e: unknown) => current && setError((e as Error).message),
      );
    return () => {
      current = false;
    };
  }, [diff]);
  useEffect(() => {
    if (!diff || nodeId === undefined) return;
    let current = true;
    setResult(undefined);
    setError(undefined);
    host()
      .stateDiff({ from: { dir: diff.from.dir, checkpoint: diff.from.checkpoint }, to: { dir: diff.to.dir, checkpoint: diff.to.checkpoint }, nodeId })
      .then(
        (r) => current && setResult(r),
        (e: unknown) => current && setError((e as Error).message),
      );
    return () => {
      current = false;
    };
  }, [diff, nodeId]);
  if (!diff) return null;
  return (
    <div className="state-browser" data-testid="state-diff">
      <div className="state-head">
        <strong>
          {diff.from.label} → {diff.to.label}
        </strong>
        <button type="button" data-testid="diff-close" onClick={() => useStateView.getState().showDiff(undefined)}>
          Close
        </button>
      </div>
      <label>
        node{' '}
        <select data-testid="diff-node" value={nodeId ?? ''} onChange={(e) => setNodeId(e.target.value)}>
          {nodes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {error && <div className="bad">{error}</div>}
      {result && (
        <>
          <div className="dim" data-testid="diff-counts" data-added={result.added} data-removed={result.removed} data-changed={result.changed}>
            {result.added} added, {result.removed} removed, {result.changed} changed, {result.unchanged} unchanged{result.truncated ? ` (first ${result.changes.length} listed)` : ''}
          </div>
          <ul className="state-keys">
            {result.changes.map((c) => (
              <li key={c.key} data-testid="diff-change" data-key={c.key} data-change={c.change} className={`diff-${c.change}`}>
                {c.change === 'added' ? '+' : c.change === 'removed' ? '−' : '~'} {c.key}
                <span className="dim">
                  {' '}
                  {c.names.join(', ')}
                  {c.timers ? `${c.names.length > 0 ? ', ' : ''}timers` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
