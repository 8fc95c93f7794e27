/**
 * The Checkpoints panel: the current run's checkpoints as they complete (id, trigger time,
 * duration, alignment, size, keyed-state entries; per-node sizes on hover; a chart of duration
 * and size), "Savepoint now",
 * and the points on disk in the checkpoint folder — retained checkpoints of this and earlier
 * runs, and savepoints — each of which can be browsed, diffed with another, or restarted from (the savepoint rules
 * apply: state is mapped by node id and its shape checked; "allow non-restored state" drops the
 * state of nodes the pipeline no longer has, as Flink's `--allowNonRestoredState`).
 */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { startRun, type RestartPoint } from '../run/run-actions.ts';
import { useCheckpointFolder, useStateView, type StatePoint } from './state-store.ts';
import type { CallResult, ProtocolCheckpointMetrics } from '../../engine/host/protocol.ts';
import { formatBytes } from './format-state.ts';
import { CheckpointChart } from './CheckpointChart.tsx';

type Points = CallResult<'statePoints'>;

const time = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toLocaleTimeString());

function nodeSizes(m: ProtocolCheckpointMetrics): string {
  return Object.entries(m.nodes ?? {})
    .map(([id, n]) => `${id}: ${formatBytes(n.bytes)}, ${n.keys} entries`)
    .join('\n');
}

function LiveCheckpoints() {
  const live = useStateView((s) => s.live);
  if (live.length === 0) return <div className="dim">No checkpoint yet.</div>;
  return (
    <table className="state-table" data-testid="live-checkpoints">
      <thead>
        <tr>
          <th>id</th>
          <th>triggered</th>
          <th>duration</th>
          <th>alignment</th>
          <th>size</th>
          <th>entries</th>
        </tr>
      </thead>
      <tbody>
        {[...live].reverse().map((m) => (
          <tr key={m.id} data-testid="checkpoint-row" data-id={m.id} data-bytes={m.bytes} title={nodeSizes(m)}>
            <td>{m.id}</td>
            <td>{time(m.triggeredAt)}</td>
            <td>{Math.round(m.durationMs)} ms</td>
            <td>{Math.round(m.alignmentMs)} ms</td>
            <td>{formatBytes(m.bytes)}</td>
            <td>{m.keys}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SavepointNow() {
  const runId = useEditor((s) => s.runId);
  const status = useEditor((s) => s.runStatus);
  const liveFolder = useStateView((s) => s.liveFolder);
  const [name, setName] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const live = status === 'running' || status === 'paused';
  const take = async (): Promise<void> => {
    if (!runId) return;
    const chosen = name.trim() || `savepoint-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    setResult({ ok: true, text: `taking ${chosen}…` });
    try {
      const { dir } = await host().savepoint({ runId, name: chosen });
      setResult({ ok: true, text: `written to ${dir}` });
      useStateView.getState().pointsChanged();
    } catch (error) {
      setResult({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <div className="savepoint-now">
      <input type="text" data-testid="savepoint-name" placeholder="savepoint name" value={name} onChange={(e) => setName(e.target.value)} />
      <button type="button" data-testid="savepoint-button" disabled={!live || liveFolder === undefined} title={liveFolder === undefined ? 'turn checkpoints on for the run' : 'a savepoint at the next barrier'} onClick={() => void take()}>
        Savepoint now
      </button>
      {result && (
        <span className={result.ok ? 'dim' : 'bad'} data-testid="savepoint-result">
          {result.text}
        </span>
      )}
    </div>
  );
}

function PointRow({ point, restore, folderBusy }: { point: StatePoint; restore: RestartPoint; folderBusy: boolean }) {
  const status = useEditor((s) => s.runStatus);
  const [allow, setAllow] = useState(false);
  const browsing = useStateView((s) => s.browsing);
  const diffFrom = useStateView((s) => s.diffFrom);
  const id = point.checkpoint !== undefined ? `cp-${point.checkpoint}` : `sp-${point.dir.slice(point.dir.lastIndexOf('/') + 1)}`;
  const live = status === 'running' || status === 'paused' || status === 'starting';
  const same = (p: StatePoint | undefined): boolean => p?.dir === point.dir && p.checkpoint === point.checkpoint;
  const open = same(browsing);
  return (
    <li data-testid={`point-${id}`} className={open ? 'selected' : undefined}>
      <span>{point.label}</span>
      <button type="button" data-testid={`browse-${id}`} disabled={folderBusy && point.checkpoint !== undefined} onClick={() => useStateView.getState().browse(point)}>
        Browse
      </button>
      {diffFrom && !same(diffFrom) ? (
        <button type="button" data-testid={`diff-to-${id}`} title={`what changed from ${diffFrom.label} to this point`} onClick={() => useStateView.getState().showDiff({ from: diffFrom, to: point })}>
          Diff to here
        </button>
      ) : (
        <button type="button" data-testid={`diff-from-${id}`} disabled={same(diffFrom) || (folderBusy && point.checkpoint !== undefined)} onClick={() => useStateView.getState().setDiffFrom(point)}>
          {same(diffFrom) ? 'Diff from (chosen)' : 'Diff from'}
        </button>
      )}
      <button type="button" data-testid={`restart-${id}`} disabled={live} title="run the current pipeline from this point; outputs go to a new run folder" onClick={() => void startRun({ restore, allowNonRestoredState: allow })}>
        Restart from here
      </button>
      <label className="dim" title="drop the state of nodes the pipeline no longer has (Flink: --allowNonRestoredState)">
        <input type="checkbox" checked={allow} onChange={(e) => setAllow(e.target.checked)} /> allow non-restored state
      </label>
    </li>
  );
}

function PointsOnDisk() {
  const version = useStateView((s) => s.pointsVersion);
  const folder = useCheckpointFolder();
  const [points, setPoints] = useState<Points>();
  const [error, setError] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    let current = true;
    host()
      .statePoints({ checkpointDir: folder })
      .then(
        (p) => current && (setPoints(p), setError(undefined)),
        (e: unknown) => current && setError((e as Error).message),
      );
    return () => {
      current = false;
    };
  }, [folder, version, refresh]);
  return (
    <div data-testid="points-on-disk">
      <div className="points-head">
        <span className="dim">in {folder}</span>
        <button type="button" data-testid="points-refresh" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && <div className="bad">{error}</div>}
      {points?.busy && <div className="dim">The store is in use by the run: its checkpoints can be browsed once it ends (savepoints at any time).</div>}
      <ul className="points">
        {points?.checkpoints.map((c) => (
          <PointRow
            key={`cp-${c.id}`}
            point={{ dir: folder, checkpoint: c.id, label: `checkpoint ${c.id}, ${time(c.time)}${c.finished ? ' (final)' : ''}${c.metrics ? `, ${formatBytes(c.metrics.bytes)}` : ''}` }}
            restore={{ checkpoint: c.id }}
            folderBusy={points.busy}
          />
        ))}
        {points?.savepoints.map((s) => (
          <PointRow key={s.dir} point={{ dir: s.dir, label: `savepoint ${s.name} (checkpoint ${s.checkpointId}), ${time(s.time)}` }} restore={{ savepoint: s.dir }} folderBusy={points.busy} />
        ))}
      </ul>
      {points && points.checkpoints.length === 0 && points.savepoints.length === 0 && !points.busy && <div className="dim">No checkpoint or savepoint in this folder.</div>}
    </div>
  );
}

export function CheckpointsPanel() {
  return (
    <div className="checkpoints-panel" data-testid="checkpoints-panel">
      <LiveCheckpoints />
      <CheckpointChart />
      <SavepointNow />
      <h4>Retained checkpoints and savepoints</h4>
      <PointsOnDisk />
    </div>
  );
}
