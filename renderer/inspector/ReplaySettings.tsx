/** The document's replay mode (`settings.replay`): how several sources interleave in a run. */
import { REPLAY_MODES, type ReplayMode } from '../../engine/pipeline/replay.ts';
import { documentReplay, sourceCount } from '../model/replay-view.ts';
import { useEditor } from '../store/editor-store.ts';

const HELP: Record<ReplayMode, string> = {
  aligned: 'records of all sources merged by event time (smallest next record first): reproducible, as balanced sources on a cluster',
  drift: "Flink's watermark alignment: a source runs until it is maxAllowedWatermarkDrift ahead of the others",
  chunked: 'each source reads whole chunks in turn: fastest; a source may run far ahead in event time',
};

export function ReplaySettings() {
  const setting = useEditor((s) => s.doc.settings?.replay);
  const sources = useEditor((s) => sourceCount(s.doc));
  // A primitive: a selector returning a fresh object would re-render forever.
  const mode = useEditor((s) => documentReplay(s.doc).mode);
  const edit = useEditor((s) => s.edit);
  const chosen = setting?.mode;
  const drift = setting?.maxAllowedWatermarkDrift ?? '';
  const set = (replay: { mode: ReplayMode; maxAllowedWatermarkDrift?: string | number } | undefined): void =>
    edit((d) => {
      const settings = { ...(d.settings ?? {}) };
      if (replay) settings.replay = replay;
      else delete settings.replay;
      return { ...d, settings };
    }, { coalesce: 'doc-replay' });
  return (
    <div className="field">
      <label className="field-label" htmlFor="doc-replay">replay of several sources</label>
      <select
        id="doc-replay"
        data-testid="doc-replay"
        value={chosen ?? ''}
        onChange={(e) => {
          const mode = e.target.value as ReplayMode | '';
          set(mode === '' ? undefined : mode === 'drift' ? { mode, maxAllowedWatermarkDrift: drift === '' ? '1m' : drift } : { mode });
        }}
      >
        <option value="">default ({sources > 1 ? 'aligned' : 'chunked'}, {sources} source{sources === 1 ? '' : 's'})</option>
        {REPLAY_MODES.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {chosen === 'drift' && (
        <input
          type="text"
          data-testid="doc-replay-drift"
          title="maxAllowedWatermarkDrift: a duration such as 30s, 5m, 1h"
          value={String(drift)}
          onChange={(e) => set({ mode: 'drift', maxAllowedWatermarkDrift: e.target.value })}
        />
      )}
      <p className="help">
        {HELP[mode]}. Sources that cannot be pulled record by record (Kafka) run chunked beside the merge. README, Semantics, Replay modes.
      </p>
    </div>
  );
}
