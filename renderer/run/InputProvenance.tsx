/**
 * The input records a result row was formed from (`capabilities.provenance`, e.g. a pattern
 * match's events): the node's latest inputs around them, with their arrival positions, the
 * row's inputs highlighted. Inputs older than the node's input sample are named by position.
 */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import type { ProtocolSample } from '../../engine/host/protocol.ts';

/** Inputs shown before the first and after the last highlighted one. */
const CONTEXT = 3;

export function InputProvenance({ nodeId, inputs }: { nodeId: string; inputs: readonly number[] }) {
  const runId = useEditor((s) => s.runId);
  const [samples, setSamples] = useState<ProtocolSample[]>([]);
  const key = inputs.join(',');
  useEffect(() => {
    let cancelled = false;
    if (runId)
      void host()
        .samples({ runId, nodeId, port: 'in' })
        .then((r) => !cancelled && setSamples(r.records))
        .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [runId, nodeId, key]);
  const wanted = new Set(inputs);
  const low = Math.min(...inputs) - CONTEXT;
  const high = Math.max(...inputs) + CONTEXT;
  const rows = samples.filter((s) => s.position !== undefined && s.position >= low && s.position <= high);
  const shown = rows.filter((s) => wanted.has(s.position as number)).length;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.row)))];
  return (
    <div className="provenance" data-testid="input-provenance" data-inputs={key}>
      <div className="dim">
        formed from input records {inputs.map((p) => `#${p}`).join(', ')}
        {shown < inputs.length ? ` — ${inputs.length - shown} of them older than the node's latest ${samples.length} inputs` : ''}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const hit = wanted.has(s.position as number);
            return (
              <tr key={s.position} className={hit ? 'highlight' : ''} data-testid="input-row" data-position={s.position} data-highlight={hit ? 'true' : 'false'}>
                <td>{s.position}</td>
                {columns.map((c) => (
                  <td key={c}>{typeof s.row[c] === 'object' ? JSON.stringify(s.row[c]) : String(s.row[c] ?? '')}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
