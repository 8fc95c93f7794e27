/**
 * The studio's Apache Flink actions: File → Export → Apache Flink (the host's `exportFlink`; the
 * outcome is a toast, as for any export) and "Check against Flink" (the host's
 * `flinkCheck`, whose progress events and per-sink diff `FlinkCheckPanel` shows).
 */
import { create } from 'zustand';
import type { FLINK_CHECK_PHASES, HostEvent, ProtocolFlinkCheckResult } from '../../engine/host/protocol.ts';
import { host } from '../host/get-host.ts';
import { serializeDocument } from '../model/editor-document.ts';
import { useEditor } from '../store/editor-store.ts';
import { beginExport, exportDone, exportFailed } from '../files/export-action.ts';

export type CheckPhase = (typeof FLINK_CHECK_PHASES)[number];

export interface FlinkCheckState {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** The phases begun so far, in order, with their messages. */
  steps: { phase: CheckPhase; message: string }[];
  result?: ProtocolFlinkCheckResult;
  /** The host refused the call (another check running, an untrusted folder…). */
  error?: string;
}

export const useFlinkCheck = create<FlinkCheckState>()(() => ({ state: 'idle', steps: [] }));

let nextCheck = 1;

/** The open document, where its relative paths resolve, and its file (whose folder must be trusted). */
function currentDocument(): { document: unknown; baseDir: string; documentPath?: string } {
  const { doc, location } = useEditor.getState();
  return { document: JSON.parse(serializeDocument(doc)) as unknown, baseDir: location.baseDir, documentPath: location.path };
}

/** Runs "Check against Flink" on the open document; never rejects. */
export async function checkAgainstFlink(): Promise<void> {
  if (useFlinkCheck.getState().state === 'running') return;
  if (useEditor.getState().trust.state !== 'trusted') {
    useFlinkCheck.setState({ state: 'failed', steps: [], error: "This pipeline's code has not run: trust it first (the banner above the canvas)." }, true);
    return;
  }
  const checkId = `check-${Date.now()}-${nextCheck++}`;
  useFlinkCheck.setState({ state: 'running', steps: [], result: undefined, error: undefined }, true);
  const off = host().onEvent((event: HostEvent) => {
    if (event.type !== 'flinkCheckProgress' || event.checkId !== checkId) return;
    useFlinkCheck.setState((s) => ({ steps: [...s.steps, { phase: event.phase, message: event.message }] }));
  });
  try {
    const result = await host().flinkCheck({ checkId, ...currentDocument() });
    useFlinkCheck.setState({ state: 'done', result });
  } catch (error) {
    useFlinkCheck.setState({ state: 'failed', error: (error as Error).message });
  } finally {
    off();
  }
}

/** Closes the check's panel. */
export function closeFlinkCheck(): void {
  if (useFlinkCheck.getState().state !== 'running') useFlinkCheck.setState({ state: 'idle', steps: [], result: undefined, error: undefined }, true);
}

/** File → Export → Apache Flink: writes job.sql, README.md and params.json; never rejects (the outcome is a toast). */
export async function exportFlinkJob(): Promise<void> {
  if (!beginExport('Exporting for Apache Flink…')) return;
  try {
    const r = await host().exportFlink(currentDocument());
    const warnings = r.warnings.length > 0 ? r.warnings.map((w) => `warning: node ${w.nodeId ?? ''}: ${w.message}`).join('\n') : undefined;
    exportDone(r.dir, `Flink SQL job written to ${r.shown} (${r.files.map((f) => f.name).join(', ')})`, warnings);
  } catch (error) {
    exportFailed(error);
  }
}
