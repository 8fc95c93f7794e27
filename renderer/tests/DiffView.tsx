/**
 * One output's row diff as tables: rows only on one side, and changed rows (same key) with
 * each differing field's two values side by side. Labels name the sides: expected/got for a
 * test, saved/edited for a behaviour diff.
 */
import type { ProtocolOutputDiff } from '../../engine/host/protocol.ts';

export interface DiffLabels {
  a: string;
  b: string;
  onlyA: string;
  onlyB: string;
}

export const TEST_LABELS: DiffLabels = { a: 'expected', b: 'got', onlyA: 'missing', onlyB: 'unexpected' };
export const COMPARE_LABELS: DiffLabels = { a: 'saved', b: 'edited', onlyA: 'only in saved', onlyB: 'only in edited' };

const cell = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function RowsTable({ rows, count, label, testId }: { rows: Record<string, unknown>[]; count: number; label: string; testId: string }) {
  if (count === 0) return null;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="diff-block" data-testid={testId} data-count={count}>
      <div className="diff-caption">
        {count} {label}
        {rows.length < count ? ` (first ${rows.length})` : ''}
      </div>
      <table className="diff-table">
        <thead>
          <tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>{columns.map((c) => <td key={c}>{cell(r[c])}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The diff of one output; nothing for an equal one but its headline. */
export function DiffView({ output, labels, testId }: { output: ProtocolOutputDiff; labels: DiffLabels; testId: string }) {
  const d = output.diff;
  const changed = d.changed.first;
  return (
    <div className={`diff ${d.equal && !output.onlyIn ? 'diff-equal' : 'diff-different'}`} data-testid={testId} data-equal={String(d.equal && !output.onlyIn)}>
      <div className="diff-headline">
        <strong>{output.ref}</strong>: {d.equal && !output.onlyIn ? 'same rows' : 'different'} — {d.matched} equal, {d.onlyA.count} {labels.onlyA}, {d.onlyB.count} {labels.onlyB}, {d.changed.count} changed ({labels.a} {d.aRows}, {labels.b} {d.bRows}
        {d.key ? `; key ${d.key.join(', ')}` : ''})
        {output.onlyIn ? ` — only the ${output.onlyIn === 'a' ? labels.a : labels.b} version has it` : ''}
      </div>
      <RowsTable rows={d.onlyA.first} count={d.onlyA.count} label={labels.onlyA} testId={`${testId}-only-a`} />
      <RowsTable rows={d.onlyB.first} count={d.onlyB.count} label={labels.onlyB} testId={`${testId}-only-b`} />
      {d.changed.count > 0 ? (
        <div className="diff-block" data-testid={`${testId}-changed`} data-count={d.changed.count}>
          <div className="diff-caption">
            {d.changed.count} changed{changed.length < d.changed.count ? ` (first ${changed.length})` : ''}
          </div>
          <table className="diff-table">
            <thead>
              <tr>
                <th>key</th>
                <th>field</th>
                <th>{labels.a}</th>
                <th>{labels.b}</th>
              </tr>
            </thead>
            <tbody>
              {changed.flatMap((c, i) =>
                c.fields.map((f, j) => (
                  <tr key={`${i}-${f}`}>
                    <td>{j === 0 ? Object.entries(c.key).map(([k, v]) => `${k}=${cell(v)}`).join(', ') : ''}</td>
                    <td>{f}</td>
                    <td>{cell(c.a[f])}</td>
                    <td>{cell(c.b[f])}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.order ? (
        <div className="diff-caption">
          same rows in another order: they part at row {d.order.position + 1}
        </div>
      ) : null}
    </div>
  );
}
