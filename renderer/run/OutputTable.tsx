/** The selected node's latest outputs as a table, with a tab per output port (out, late, errors). */
import { useState } from 'react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useEditor } from '../store/editor-store.ts';
import { useNodeOutput } from './use-node-output.ts';
import { InputProvenance } from './InputProvenance.tsx';

const MAX_ROWS = 20_000;

export function OutputTable({ nodeId }: { nodeId: string }) {
  const type = useEditor((s) => s.doc.nodes.find((n) => n.id === nodeId)?.type ?? '');
  const spec = nodeTypeSpec(type);
  const isFileSink = spec?.capabilities.writesFile !== undefined;
  const tabs = isFileSink ? ['written'] : (spec?.outputs.map((p) => p.id) ?? []);
  const [tab, setTab] = useState(tabs[0] ?? 'out');
  const active = tabs.includes(tab) ? tab : (tabs[0] ?? 'out');
  const { rows, total, inputs } = useNodeOutput(nodeId, active, isFileSink);
  const traced = !isFileSink && (spec?.capabilities.provenance?.ports.includes(active) ?? false);
  const [selected, setSelected] = useState<number>();
  const chosen = traced && selected !== undefined ? inputs?.[selected] : undefined;
  const columns = [...new Set(rows.slice(0, 200).flatMap((r) => Object.keys(r)))];
  return (
    <div className="output" data-testid="output-table" data-node={nodeId}>
      <div className="tabs">
        {tabs.map((t) => (
          <button
            type="button"
            key={t}
            className={t === active ? 'active' : ''}
            onClick={() => {
              setTab(t);
              setSelected(undefined);
            }}
            data-testid={`output-tab-${t}`}
          >
            {t}
          </button>
        ))}
        <span className="dim" data-testid="output-total" data-total={total}>
          {isFileSink ? `${total} rows written` : `latest ${rows.length}`}
        </span>
      </div>
      {tabs.length === 0 ? (
        <div className="dim">This node has no outputs.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((r, i) => (
              <tr
                key={i}
                data-testid="output-row"
                data-row={JSON.stringify(r)}
                className={traced && i === selected ? 'selected-row' : ''}
                aria-selected={traced ? i === selected : undefined}
                onClick={traced ? () => setSelected(i === selected ? undefined : i) : undefined}
              >
                {columns.map((c) => (
                  <td key={c}>{typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && <InputProvenance nodeId={nodeId} inputs={chosen} />}
    </div>
  );
}
