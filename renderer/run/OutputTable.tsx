/**
 * The selected node's retained records as a table, with a tab per output port (out, late, errors;
 * a preview sink's: the records it received; a file sink's: the rows it wrote), a page at a time,
 * downloadable as JSON Lines or CSV.
 */
import { useState } from 'react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useEditor } from '../store/editor-store.ts';
import { useNodeOutput } from './use-node-output.ts';
import { InputProvenance } from './InputProvenance.tsx';
import { columnsOf, download, toCsv, toJsonl } from './output-export.ts';

/** Rows a page of the table shows. */
export const PAGE_ROWS = 1000;

export function OutputTable({ nodeId }: { nodeId: string }) {
  const type = useEditor((s) => s.doc.nodes.find((n) => n.id === nodeId)?.type ?? '');
  const spec = nodeTypeSpec(type);
  const isFileSink = spec?.capabilities.writesFile !== undefined;
  const isPreview = spec?.capabilities.previewsInput === true;
  const tabs = isFileSink ? ['written'] : isPreview ? ['received'] : (spec?.outputs.map((p) => p.id) ?? []);
  const [tab, setTab] = useState(tabs[0] ?? 'out');
  const active = tabs.includes(tab) ? tab : (tabs[0] ?? 'out');
  // A preview sink's samples are what it received, kept under port `out` (Job#allSamples).
  const { rows, total, inputs } = useNodeOutput(nodeId, isPreview ? 'out' : active, isFileSink);
  const traced = !isFileSink && (spec?.capabilities.provenance?.ports.includes(active) ?? false);
  const [selected, setSelected] = useState<number>();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const first = current * PAGE_ROWS;
  const shown = rows.slice(first, first + PAGE_ROWS);
  const chosen = traced && selected !== undefined ? inputs?.[selected] : undefined;
  const columns = columnsOf(shown.slice(0, 200));
  const base = `${nodeId}-${active}`;
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
              setPage(0);
            }}
            data-testid={`output-tab-${t}`}
          >
            {t}
          </button>
        ))}
        <span className="dim" data-testid="output-total" data-total={total}>
          {isFileSink ? `${total} rows written` : `latest ${rows.length}`}
        </span>
        {rows.length > PAGE_ROWS && (
          <span className="pager" data-testid="output-pager" data-page={current + 1} data-pages={pages}>
            <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)} data-testid="output-prev" aria-label="previous page">
              ‹
            </button>
            rows {first + 1}–{first + shown.length} of {rows.length}
            <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} data-testid="output-next" aria-label="next page">
              ›
            </button>
          </span>
        )}
        {rows.length > 0 && (
          <>
            <button type="button" title="download these records as JSON Lines" data-testid="output-download-jsonl" onClick={() => download(`${base}.jsonl`, toJsonl(rows), 'application/x-ndjson')}>
              JSONL
            </button>
            <button type="button" title="download these records as CSV" data-testid="output-download-csv" onClick={() => download(`${base}.csv`, toCsv(rows), 'text/csv')}>
              CSV
            </button>
          </>
        )}
      </div>
      {tabs.length === 0 ? (
        <div className="dim">This node has no outputs.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {shown.map((r, j) => {
              const i = first + j;
              return (
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
              );
            })}
          </tbody>
        </table>
      )}
      {chosen && <InputProvenance nodeId={nodeId} inputs={chosen} />}
    </div>
  );
}
