/**
 * Records to show for a node: a file sink's written rows (paged from the run's output folder),
 * or the latest records of one output port, polled while the run is live.
 */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';

export interface NodeOutput {
  rows: Record<string, unknown>[];
  total: number;
  /**
   * Per row, for nodes with `capabilities.provenance`: the arrival positions of the input
   * records the row was formed from.
   */
  inputs?: (number[] | undefined)[];
}

export function useNodeOutput(nodeId: string, port: string, fromSinkFile: boolean): NodeOutput {
  const runId = useEditor((s) => s.runId);
  const status = useEditor((s) => s.runStatus);
  const [output, setOutput] = useState<NodeOutput>({ rows: [], total: 0 });
  useEffect(() => {
    setOutput({ rows: [], total: 0 });
  }, [runId, nodeId, port]);
  useEffect(() => {
    if (!runId) return;
    let cancelled = false;
    const live = status === 'running' || status === 'paused';
    const load = (): void => {
      const request = fromSinkFile
        ? host().sinkRows({ runId, nodeId, offset: 0, limit: 20_000 })
        : host()
            .samples({ runId, nodeId, port })
            .then((r) => ({ rows: r.records.map((s) => s.row), total: r.records.length, inputs: r.records.map((s) => s.inputs) }));
      void request.then((r) => !cancelled && (r.rows.length > 0 || fromSinkFile) && setOutput(r)).catch(() => undefined);
    };
    load();
    const timer = live ? setInterval(load, 1000) : undefined;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [runId, status, nodeId, port, fromSinkFile]);
  return output;
}
