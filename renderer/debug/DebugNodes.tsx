/**
 * The paused view's table: per node its watermark (input; a source's output), records in/out, late and
 * errors, open windows and timers, and its breakpoint toggles (late record, error, window fired
 * — optionally for one key). The node a breakpoint hit is highlighted. "Why?" opens the node's
 * open windows in the why panel.
 */
import { useState } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import type { ProtocolBreakpoint } from '../../engine/host/protocol-debug.ts';
import { useCurrentView, useDebug } from './debug-store.ts';
import { showWindows, toggleBreakpoint } from './debug-actions.ts';
import { showTime } from './format-debug.ts';

const KINDS: { on: ProtocolBreakpoint['on']; label: string }[] = [
  { on: 'late', label: 'late' },
  { on: 'error', label: 'error' },
  { on: 'fire', label: 'fire' },
];

function Toggles({ nodeId }: { nodeId: string }) {
  const breakpoints = useDebug((s) => s.breakpoints);
  const [key, setKey] = useState('');
  const spec = nodeTypeSpec(useEditor((s) => s.doc.nodes.find((n) => n.id === nodeId)?.type) ?? '');
  const ports = new Set(spec?.outputs.map((p) => p.id) ?? []);
  // Windows and joins fire on timers; a process function's timers show in its open timers.
  const fires = ports.has('out') && (spec?.category === 'window' || spec?.category === 'join');
  return (
    <span className="debug-toggles">
      {KINDS.filter((k) => (k.on === 'fire' ? fires : ports.has(k.on === 'late' ? 'late' : 'errors'))).map((k) => (
        <label key={k.on} title={k.on === 'fire' ? 'pause when a timer of this node fires and it emits (a window fires); the key field limits it to one key' : `pause when a record goes to ${k.on === 'late' ? 'late' : 'errors'}`}>
          <input
            type="checkbox"
            data-testid={`bp-${k.on}-${nodeId}`}
            checked={breakpoints.some((b) => b.id === `${k.on}:${nodeId}`)}
            onChange={() => void toggleBreakpoint(nodeId, k.on, k.on === 'fire' ? key.trim() || undefined : undefined)}
          />
          {k.label}
        </label>
      ))}
      {fires && (
        <input className="debug-key" data-testid={`bp-key-${nodeId}`} placeholder="key" aria-label={`fire breakpoint key of ${nodeId}`} value={key} onChange={(e) => setKey(e.target.value)} />
      )}
    </span>
  );
}

export function DebugNodes() {
  const view = useCurrentView();
  const docNodes = useEditor((s) => s.doc.nodes);
  const rows = view?.nodes ?? docNodes.map((n) => ({ nodeId: n.id }) as { nodeId: string } & Partial<NonNullable<typeof view>['nodes'][number]>);
  return (
    <table className="debug-nodes" data-testid="debug-nodes">
      <thead>
        <tr>
          <th>node</th>
          <th title="a node's combined input watermark; a source's output watermark">watermark</th>
          <th>in</th>
          <th>out</th>
          <th>late</th>
          <th>err</th>
          <th title="windows created and not fired yet">windows</th>
          <th>timers</th>
          <th>breakpoints</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => (
          <tr
            key={n.nodeId}
            className={view?.hit?.nodeId === n.nodeId && view.status === 'paused' ? 'debug-hit-row' : undefined}
            data-testid={`debug-node-${n.nodeId}`}
            data-watermark={n.inputWatermark ?? n.outputWatermark ?? ''}
            data-input-watermark={n.inputWatermark ?? ''}
            data-open-windows={n.openWindows ?? ''}
            data-in={n.in ?? ''}
            data-out={n.out ?? ''}
          >
            <td>{n.nodeId}</td>
            <td>{n.in === undefined ? '' : n.channels?.length ? showTime(n.inputWatermark, n.finished) : showTime(n.outputWatermark, n.finished)}</td>
            <td>{n.in}</td>
            <td>{n.out}</td>
            <td>{n.late}</td>
            <td>{n.errors}</td>
            <td>{n.openWindows ?? ''}</td>
            <td>{n.timers}</td>
            <td>
              <Toggles nodeId={n.nodeId} />
            </td>
            <td>
              {(n.timers ?? 0) > 0 || (n.openWindows ?? 0) > 0 ? (
                <button type="button" data-testid={`debug-why-${n.nodeId}`} onClick={() => void showWindows(n.nodeId)} title="its open windows, and why one has not fired">
                  Why?
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
