/**
 * The document's state settings: state backend (`heap`/`leveldb`), checkpoint interval (ms of
 * processing time, Flink's `execution.checkpointing.interval`) and how many complete
 * checkpoints are retained (Flink's `state.checkpoints.num-retained`). Whether a run takes
 * checkpoints at all is the toolbar's switch.
 */
import { useEditor } from '../store/editor-store.ts';

const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_RETAIN = 3;

function positive(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function CheckpointSettings() {
  const backend = useEditor((s) => s.doc.stateBackend ?? 'heap');
  const checkpoint = useEditor((s) => s.doc.checkpoint);
  const edit = useEditor((s) => s.edit);
  const setCheckpoint = (patch: { intervalMs?: number; retain?: number }): void =>
    edit((d) => ({ ...d, checkpoint: { intervalMs: d.checkpoint?.intervalMs ?? DEFAULT_INTERVAL_MS, retain: d.checkpoint?.retain ?? DEFAULT_RETAIN, ...patch } }), { coalesce: 'doc-checkpoint' });
  return (
    <>
      <h3>State and checkpoints</h3>
      <div className="field">
        <label className="field-label" htmlFor="doc-state-backend">state backend</label>
        <select id="doc-state-backend" data-testid="doc-state-backend" value={backend} onChange={(e) => edit((d) => ({ ...d, stateBackend: e.target.value === 'leveldb' ? 'leveldb' : 'heap' }))}>
          <option value="heap">heap (in memory)</option>
          <option value="leveldb">leveldb (embedded, larger than memory)</option>
        </select>
      </div>
      <div className="field">
        <label className="field-label">checkpoint interval (ms)</label>
        <input
          type="number"
          min={1}
          data-testid="doc-checkpoint-interval"
          value={checkpoint?.intervalMs ?? ''}
          placeholder={String(DEFAULT_INTERVAL_MS)}
          onChange={(e) => {
            const n = positive(e.target.value);
            if (n !== undefined) setCheckpoint({ intervalMs: n });
          }}
        />
      </div>
      <div className="field">
        <label className="field-label">retain (complete checkpoints kept)</label>
        <input
          type="number"
          min={1}
          data-testid="doc-checkpoint-retain"
          value={checkpoint?.retain ?? ''}
          placeholder={String(DEFAULT_RETAIN)}
          onChange={(e) => {
            const n = positive(e.target.value);
            if (n !== undefined) setCheckpoint({ retain: n });
          }}
        />
      </div>
    </>
  );
}
