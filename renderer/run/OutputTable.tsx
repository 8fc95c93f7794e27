/**
 * The selected node's retained records as a table, with a tab per output port (out, late, errors;
 * a preview sink's: the records it received; a file sink's: the rows it wrote), a search box,
 * the time zone of timestamps,
 * sortable typed columns (`RecordTable`), a page at a time, downloadable as JSON Lines or CSV
 * (always every retained record, whatever the search or sort).
 */
import { useMemo, useState } from 'react';
import { ChevronLeft, ChevronRight, Download, Inbox, Search } from 'lucide-react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useEditor } from '../store/editor-store.ts';
import { useNodeOutput } from './use-node-output.ts';
import { InputProvenance } from './InputProvenance.tsx';
import { download, toCsv, toJsonl } from './output-export.ts';
import { inferColumns, viewRows } from './record-model.ts';
import { RecordTable, type SortState } from './RecordTable.tsx';
import { localZoneName, setTimeZone, useTimeZone } from './time-zone.ts';

/** Rows a page of the table shows. */
export const PAGE_ROWS = 1000;

/** The table of node `nodeId`; remounted per node (its tab, page, search and sort start afresh). */
export function OutputTable({ nodeId }: { nodeId: string }) {
  const type = useEditor((s) => s.doc.nodes.find((n) => n.id === nodeId)?.type ?? '');
  const runId = useEditor((s) => s.runId);
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
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortState>();
  const view = useMemo(() => viewRows(rows, query, sort), [rows, query, sort]);
  const columns = useMemo(() => inferColumns(rows.slice(0, 500)), [rows]);
  const pages = Math.max(1, Math.ceil(view.length / PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const first = current * PAGE_ROWS;
  const shown = view.slice(first, first + PAGE_ROWS);
  const chosen = traced && selected !== undefined ? inputs?.[selected] : undefined;
  const base = `${nodeId}-${active}`;
  const filtered = query.trim() !== '';
  const zone = useTimeZone((z) => z.zone);
  return (
    <div className="output" data-testid="output-table" data-node={nodeId}>
      <div className="tabs">
        <span className="tab-list" role="tablist" aria-label="output ports">
        {tabs.map((t) => (
          <button
            type="button"
            role="tab"
            aria-selected={t === active}
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
        </span>
        <span className="dim" data-testid="output-total" data-total={total}>
          {isFileSink ? `${total} rows written` : `latest ${rows.length}`}
          {filtered ? ` · ${view.length} match` : ''}
        </span>
        {view.length > PAGE_ROWS && (
          <span className="pager" data-testid="output-pager" data-page={current + 1} data-pages={pages}>
            <button type="button" className="icon-button" disabled={current === 0} onClick={() => setPage(current - 1)} data-testid="output-prev" aria-label="previous page">
              <ChevronLeft size={14} aria-hidden="true" />
            </button>
            rows {first + 1}–{first + shown.length} of {view.length}
            <button type="button" className="icon-button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} data-testid="output-next" aria-label="next page">
              <ChevronRight size={14} aria-hidden="true" />
            </button>
          </span>
        )}
      </div>
      {rows.length > 0 && (
        <div className="record-tools">
          <label className="record-search">
            <Search size={13} aria-hidden="true" />
            <input
              type="search"
              placeholder="Search records…"
              aria-label="Search records"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPage(0);
              }}
              data-testid="output-search"
            />
          </label>
          <select className="zone-select" aria-label="time zone of timestamps" title="time zone the timestamps are shown in (event time is UTC)" value={zone} onChange={(e) => setTimeZone(e.target.value === 'local' ? 'local' : 'UTC')} data-testid="output-zone">
            <option value="UTC">UTC</option>
            <option value="local">{localZoneName()}</option>
          </select>
          <button type="button" title="download these records as JSON Lines" data-testid="output-download-jsonl" onClick={() => download(`${base}.jsonl`, toJsonl(rows), 'application/x-ndjson')}>
            <Download size={13} aria-hidden="true" /> JSONL
          </button>
          <button type="button" title="download these records as CSV" data-testid="output-download-csv" onClick={() => download(`${base}.csv`, toCsv(rows), 'text/csv')}>
            <Download size={13} aria-hidden="true" /> CSV
          </button>
        </div>
      )}
      {tabs.length === 0 ? (
        <div className="empty-state">This node has no outputs.</div>
      ) : rows.length === 0 ? (
        <div className="empty-state" data-testid="output-empty">
          <Inbox size={16} aria-hidden="true" />
          {runId ? `No records on ${active} yet.` : 'No records yet: run the pipeline (Ctrl+Enter) to see what this node emits.'}
        </div>
      ) : view.length === 0 ? (
        <div className="empty-state" data-testid="output-no-match">
          <Search size={16} aria-hidden="true" /> No record matches “{query}”: search looks in every field’s value.
        </div>
      ) : (
        <RecordTable columns={columns} rows={shown} sort={sort} onSort={setSort} selected={selected} onSelect={traced ? setSelected : undefined} />
      )}
      {chosen && <InputProvenance nodeId={nodeId} inputs={chosen} />}
    </div>
  );
}
