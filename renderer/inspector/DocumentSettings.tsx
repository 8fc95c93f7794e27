/** Inspector with nothing selected: the pipeline's name, description, replay mode and state settings. */
import { useEditor } from '../store/editor-store.ts';
import { CheckpointSettings } from './CheckpointSettings.tsx';
import { ReplaySettings } from './ReplaySettings.tsx';

export function DocumentSettings() {
  const name = useEditor((s) => s.doc.name);
  const description = useEditor((s) => s.doc.description ?? '');
  const edit = useEditor((s) => s.edit);
  return (
    <aside className="inspector nokey" data-testid="inspector">
      <h3>Pipeline</h3>
      <div className="field">
        <label className="field-label" htmlFor="doc-name">name</label>
        <input id="doc-name" type="text" data-testid="doc-name" value={name} onChange={(e) => edit((d) => ({ ...d, name: e.target.value }), { coalesce: 'doc-name' })} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="doc-description">description</label>
        <textarea id="doc-description" data-testid="doc-description" value={description} onChange={(e) => edit((d) => ({ ...d, description: e.target.value || undefined }), { coalesce: 'doc-desc' })} />
      </div>
      <ReplaySettings />
      <CheckpointSettings />
      <p className="help">Select a node to edit it. Drag node types from the palette; connect ports by dragging from an output to an input.</p>
    </aside>
  );
}
