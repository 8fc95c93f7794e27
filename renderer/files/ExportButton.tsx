/** The toolbar's "Export…" button and the outcome of the last export (folder and size, or problems). */
import { dismissExportStatus, exportPipeline, useExportStatus } from './export-action.ts';

export function ExportButton() {
  const { state, message } = useExportStatus();
  return (
    <>
      <button type="button" onClick={() => void exportPipeline()} disabled={state === 'exporting'} data-testid="export-button" title="Write a runnable job bundle (File → Export in the app)">
        Export…
      </button>
      {state !== 'idle' && message ? (
        <span className={`export-status export-${state}`} data-testid="export-status" role={state === 'failed' ? 'alert' : 'status'} title={message}>
          {message.split('\n')[0]}
          {state === 'failed' && message.includes('\n') ? <pre className="export-problems">{message.split('\n').slice(1).join('\n')}</pre> : null}
          {state !== 'exporting' ? (
            <button type="button" className="export-dismiss" onClick={dismissExportStatus} aria-label="Dismiss" data-testid="export-dismiss">×</button>
          ) : null}
        </span>
      ) : null}
    </>
  );
}
