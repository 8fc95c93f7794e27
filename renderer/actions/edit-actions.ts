/** Editing actions shared by shortcuts, toolbar and menu: each reads and writes the store. */
import { useEditor } from '../store/editor-store.ts';
import { copyFragment, isFragment, pasteFragment, removeItems, type Fragment } from '../model/graph-edits.ts';

let clipboard: Fragment | undefined;

export function deleteSelection(): void {
  const { selectedNodeIds, selectedEdgeIds, edit, select } = useEditor.getState();
  edit((doc) => removeItems(doc, selectedNodeIds, selectedEdgeIds));
  select([]);
}

export function copySelection(): void {
  const { doc, selectedNodeIds } = useEditor.getState();
  if (selectedNodeIds.length === 0) return;
  clipboard = copyFragment(doc, selectedNodeIds);
  void navigator.clipboard?.writeText(JSON.stringify(clipboard)).catch(() => undefined);
}

export function pasteClipboard(fragment: Fragment | undefined = clipboard): void {
  if (!fragment || !isFragment(fragment) || fragment.nodes.length === 0) return;
  let ids: string[] = [];
  useEditor.getState().edit((doc) => {
    const pasted = pasteFragment(doc, fragment);
    ids = pasted.ids;
    return pasted.doc;
  });
  useEditor.getState().select(ids);
}

export function duplicateSelection(): void {
  const { doc, selectedNodeIds } = useEditor.getState();
  if (selectedNodeIds.length > 0) pasteClipboard(copyFragment(doc, selectedNodeIds));
}

export function selectAll(): void {
  const { doc, select } = useEditor.getState();
  select(doc.nodes.map((n) => n.id));
}
