/**
 * The toolbar's checkpointing switch and the checkpoint store's folder (workspace path; empty:
 * beside the pipeline file). Both apply to the next run; interval, backend and retain are the
 * document's (Pipeline settings).
 */
import { useEditor } from '../store/editor-store.ts';
import { defaultCheckpointFolder, useStateView } from './state-store.ts';

export function CheckpointToggle({ disabled }: { disabled: boolean }) {
  const on = useStateView((s) => s.checkpointing);
  const folder = useStateView((s) => s.folder);
  const setOn = useStateView((s) => s.setCheckpointing);
  const setFolder = useStateView((s) => s.setFolder);
  const placeholder = useEditor((s) => defaultCheckpointFolder(s.location.path, s.doc.name));
  return (
    <span className="checkpoint-toggle">
      <label title="take checkpoints during the run (Flink: execution.checkpointing.interval)">
        <input type="checkbox" data-testid="checkpointing-toggle" checked={on} disabled={disabled} onChange={(e) => setOn(e.target.checked)} /> Checkpoints
      </label>
      {on && (
        <input
          type="text"
          data-testid="checkpoint-folder"
          className="checkpoint-folder"
          value={folder}
          placeholder={placeholder}
          disabled={disabled}
          title="checkpoint folder (workspace path)"
          onChange={(e) => setFolder(e.target.value)}
        />
      )}
    </span>
  );
}
