/**
 * The Output panel's table of records: a header per column with its inferred type that sorts
 * on click (ascending, descending, arrival order), cells rendered by type (numbers right-aligned,
 * timestamps readable in the chosen zone (`time-zone.ts`) with the raw epoch milliseconds on hover, nested objects and
 * arrays collapsed to a summary that expands), and a button per row that copies it as JSON.
 */
import { useState } from 'react';
import { ArrowDown, ArrowUp, ArrowUpDown, Copy } from 'lucide-react';
import { formatTimestamp, type Column, type IndexedRow, type SortDirection, type TimeZoneChoice } from './record-model.ts';
import { useTimeZone } from './time-zone.ts';
import { showToast } from '../ui/toasts.ts';

export interface SortState {
  column: string;
  direction: SortDirection;
}

function Nested({ value }: { value: object }) {
  const [open, setOpen] = useState(false);
  const summary = Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
  return (
    <>
      <button type="button" className="nested-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title={open ? 'collapse' : JSON.stringify(value)} data-testid="cell-expand">
        {open ? '▾' : '▸'} {summary}
      </button>
      {open && <pre className="nested-value">{JSON.stringify(value, null, 2)}</pre>}
    </>
  );
}

/** One cell, rendered by its column's type. */
function Cell({ value, column, zone }: { value: unknown; column: Column; zone: TimeZoneChoice }) {
  if (value === null || value === undefined) return <td className="cell-null">{value === null ? 'null' : ''}</td>;
  if (typeof value === 'object') {
    return (
      <td className="nested">
        <Nested value={value} />
      </td>
    );
  }
  if (column.type === 'timestamp' && typeof value === 'number') {
    return (
      <td>
        <span className="cell-time" title={`${value} (epoch ms)`} data-epoch={value}>
          {formatTimestamp(value, zone)}
        </span>
      </td>
    );
  }
  if (column.type === 'iso-time' && typeof value === 'string') {
    const ms = Date.parse(value);
    return (
      <td>
        <span className="cell-time" title={`${value} = ${ms} (epoch ms)`} data-epoch={ms}>
          {formatTimestamp(ms, zone)}
        </span>
      </td>
    );
  }
  if (typeof value === 'boolean') return <td className="cell-bool">{String(value)}</td>;
  return <td className={typeof value === 'number' ? 'num' : undefined}>{String(value)}</td>;
}

function copyRow(row: Record<string, unknown>): void {
  const text = JSON.stringify(row);
  void navigator.clipboard
    ?.writeText(text)
    .then(() => showToast({ kind: 'info', text: 'Copied the row as JSON', testId: 'copy-toast' }))
    .catch(() => showToast({ kind: 'error', text: 'The clipboard refused the row' }));
}

const nextSort = (sort: SortState | undefined, column: string): SortState | undefined =>
  sort?.column !== column ? { column, direction: 'asc' } : sort.direction === 'asc' ? { column, direction: 'desc' } : undefined;

/** `selected`/`onSelect` (by arrival index) only for ports whose rows trace back to inputs. */
export function RecordTable(props: { columns: Column[]; rows: IndexedRow[]; sort?: SortState; onSort(sort: SortState | undefined): void; selected?: number; onSelect?: (index: number | undefined) => void }) {
  const { columns, rows, sort, onSort, selected, onSelect } = props;
  const zone = useTimeZone((z) => z.zone);
  return (
    <table className="table record-table">
      <thead>
        <tr>
          <th className="row-actions" aria-label="row actions" />
          {columns.map((c) => {
            const dir = sort?.column === c.name ? sort.direction : undefined;
            const Icon = dir === 'asc' ? ArrowUp : dir === 'desc' ? ArrowDown : ArrowUpDown;
            return (
              <th key={c.name} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'} data-testid={`column-${c.name}`} data-type={c.type}>
                <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, c.name))} title={`sort by ${c.name} (${c.type})`}>
                  {c.name} <span className="col-type">{c.type}</span>
                  <Icon size={11} aria-hidden="true" />
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ index, row }) => (
          <tr
            key={index}
            data-testid="output-row"
            data-row={JSON.stringify(row)}
            className={onSelect && index === selected ? 'selected-row' : ''}
            aria-selected={onSelect ? index === selected : undefined}
            onClick={onSelect ? () => onSelect(index === selected ? undefined : index) : undefined}
          >
            <td className="row-actions">
              <button type="button" className="icon-button ghost copy-row" aria-label="Copy row as JSON" title="Copy row as JSON" data-testid="copy-row" onClick={(e) => {
                  e.stopPropagation();
                  copyRow(row);
                }}>
                <Copy size={12} aria-hidden="true" />
              </button>
            </td>
            {columns.map((c) => (
              <Cell key={c.name} value={row[c.name]} column={c} zone={zone} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
