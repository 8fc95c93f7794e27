/**
 * What each native menu action does in the renderer (Electron's menu sends them on the
 * `tributary:menu` channel; `useShell` subscribes). Export → Job bundle writes a job bundle,
 * exactly as the toolbar's Export… button does; Export → Apache Flink and Check against Flink run
 * the toolbar's Flink actions.
 */
import { exportPipeline } from '../files/export-action.ts';
import { checkAgainstFlink, exportFlinkJob } from '../flink/flink-actions.ts';
import { newDocument, openText, openWithDialog, saveDocument } from '../files/file-actions.ts';
import type { MenuAction, PreloadShellApi } from '../shell/shell-api.ts';

/** Runs one menu action; `shell` opens recent files. */
export function handleMenuAction(action: MenuAction, arg: string | undefined, shell: Pick<PreloadShellApi, 'openRecent'>): void {
  if (action === 'new') newDocument();
  else if (action === 'open') void openWithDialog();
  else if (action === 'save') void saveDocument();
  else if (action === 'saveAs') void saveDocument(true);
  else if (action === 'export') void exportPipeline();
  else if (action === 'exportFlink') void exportFlinkJob();
  else if (action === 'flinkCheck') void checkAgainstFlink();
  else if (action === 'openRecent' && arg) void shell.openRecent(arg).then((f) => f && openText(f.text, f.path, f.path.replace(/[\\/][^\\/]*$/, '')));
}
