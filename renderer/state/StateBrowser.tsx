/**
 * The keyed-state browser over a checkpoint or savepoint: the point's nodes (type, state
 * shape, entries, size, input watermark; a source's position), a stateful node's declared state
 * names, and its keys page by page in key order (searchable by key prefix), each key's state
 * entries and event-time timers as JSON. Keys are read by the host through an on-disk index, so
 * a store with a million keys browses page by page without loading them.
 */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useStateView } from './state-store.ts';
import { formatBytes } from './format-state.ts';
import type { CallResult } from '../../engine/host/protocol.ts';

type Info = CallResult<'stateInfo'>;
type Page = CallResult<'stateKeys'>;

const PAGE = 20;

function KeyRow({ entry }: { entry: Page['keys'][number] }) {
  const [open, setOpen] = useState(false);
  return (
    <li data-testid="state-key" data-key={entry.key}>
      <button type="button" className="linklike" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {entry.key}
      </button>
      <span className="dim">
        {' '}
        {Object.keys(entry.state).join(', ')} · {formatBytes(entry.bytes)} · {entry.timers.length} timer{entry.timers.length === 1 ? '' : 's'}
      </span>
      {open && (
        <pre className="state-json" data-testid="state-key-json">
          {JSON.stringify({ state: entry.state, timers: entry.timers.map((t) => ({ ...t, at: new Date(t.timestamp).toISOString() })) }, null, 2)}
        </pre>
      )}
    </li>
  );
}

function NodeKeys({ dir, checkpoint, nodeId }: { dir: string; checkpoint?: number; nodeId: string }) {
  const [prefix, setPrefix] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const after = cursors[cursors.length - 1];
  useEffect(() => {
    let current = true;
    setError(undefined);
    host()
      .stateKeys({ dir, checkpoint, nodeId, prefix: prefix || undefined, after, limit: PAGE })
      .then(
        (p) => current && setPage(p),
        (e: unknown) => current && setError((e as Error).message),
      );
    return () => {
      current = false;
    };
  }, [dir, checkpoint, nodeId, prefix, after]);
  return (
    <div>
      <div className="state-search">
        <input type="text" data-testid="state-prefix" placeholder="key prefix" value={prefix} onChange={(e) => (setPrefix(e.target.value), setCursors([undefined]))} />
        {page && (
          <span className="dim" data-testid="state-summary" data-keys={page.summary.keys}>
            {page.summary.keys} keys, {page.summary.entries} entries, {page.summary.timers} timers, {formatBytes(page.summary.bytes)}
          </span>
        )}
      </div>
      {error && <div className="bad">{error}</div>}
      <ul className="state-keys">{page?.keys.map((k) => <KeyRow key={k.key} entry={k} />)}</ul>
      <div className="state-pager">
        <button type="button" data-testid="state-prev" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span className="dim">page {cursors.length}</span>
        <button type="button" data-testid="state-next" disabled={page?.next === undefined} onClick={() => setCursors([...cursors, page?.next])}>
          Next
        </button>
      </div>
    </div>
  );
}

export function StateBrowser() {
  const point = useStateView((s) => s.browsing);
  const [info, setInfo] = useState<Info>();
  const [error, setError] = useState<string>();
  const [nodeId, setNodeId] = useState<string>();
  useEffect(() => {
    if (!point) return;
    let current = true;
    setInfo(undefined);
    setError(undefined);
    host()
      .stateInfo({ dir: point.dir, checkpoint: point.checkpoint })
      .then(
        (i) => {
          if (!current) return;
          setInfo(i);
          setNodeId((n) => (i.nodes.some((x) => x.nodeId === n) ? n : (i.nodes.find((x) => x.chunks > 0)?.nodeId ?? i.nodes[0]?.nodeId)));
        },
        (e: unknown) => current && setError((e as Error).message),
      );
    return () => {
      current = false;
    };
  }, [point]);
  if (!point) return <div className="dim">Browse a checkpoint or savepoint to see its state.</div>;
  const node = info?.nodes.find((n) => n.nodeId === nodeId);
  return (
    <div className="state-browser" data-testid="state-browser" data-point={point.label}>
      <div className="state-head">
        <strong>{point.label}</strong>
        <button type="button" data-testid="state-close" onClick={() => useStateView.getState().browse(undefined)}>
          Close
        </button>
      </div>
      {error && <div className="bad">{error}</div>}
      {info && (
        <>
          <label>
            node{' '}
            <select data-testid="state-node" value={nodeId ?? ''} onChange={(e) => setNodeId(e.target.value)}>
              {info.nodes.map((n) => (
                <option key={n.nodeId} value={n.nodeId}>
                  {n.nodeId} ({n.type}){n.keys !== undefined ? ` · ${n.keys} entries` : ''}
                </option>
              ))}
            </select>
          </label>
          {node && (
            <div className="dim" data-testid="state-node-info">
              shape {node.shape}
              {node.bytes !== undefined ? ` · ${formatBytes(node.bytes)}` : ''}
              {node.watermark !== undefined ? ` · watermark ${new Date(node.watermark).toISOString()}` : ''}
              {node.declared.length > 0 ? ` · declared: ${node.declared.map((d) => `${d.name} (${d.kind})`).join(', ')}` : ''}
            </div>
          )}
          {node && node.chunks === 0 && node.operator !== undefined && <pre className="state-json">{JSON.stringify(node.operator, null, 2)}</pre>}
          {node && node.chunks > 0 && <NodeKeys key={`${point.dir}#${point.checkpoint ?? ''}#${node.nodeId}`} dir={point.dir} checkpoint={point.checkpoint} nodeId={node.nodeId} />}
          {node && node.chunks === 0 && node.operator === undefined && <div className="dim">This node holds no state at this point.</div>}
        </>
      )}
    </div>
  );
}
