/** The toolbar's "Export…" button; the outcome of an export is a toast (`export-action.ts`). */
import { PackageOpen } from 'lucide-react';
import { exportPipeline, useExportStatus } from './export-action.ts';

/** Disabled while an export is going on. */
export function ExportButton() {
  const exporting = useExportStatus((s) => s.state === 'exporting');
  return (
    <button type="button" onClick={() => void exportPipeline()} disabled={exporting} data-testid="export-button" title="Write a runnable job bundle to exports/ (File → Export in the app)">
      <PackageOpen size={15} aria-hidden="true" /> Export…
    </button>
  );
}
