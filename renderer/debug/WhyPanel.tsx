/**
 * "Why hasn't this window fired?": the chosen node's open windows (key, start, end, fire time,
 * records, fired and kept for lateness), and for the window clicked the explanation in words and
 * figures, followed back along the minimum input watermark to the source that holds it.
 */
import { useDebug } from './debug-store.ts';
import { explain } from './debug-actions.ts';
import { showTime } from './format-debug.ts';

export function WhyPanel() {
  const nodeId = useDebug((s) => s.whyNode);
  const windows = useDebug((s) => s.windows);
  const why = useDebug((s) => s.why);
  if (!nodeId) return null;
  return (
    <div className="debug-why" data-testid="debug-why-panel" data-node={nodeId}>
      <h5>
        Open windows of {nodeId} {windows ? `(${windows.total}${windows.total > windows.windows.length ? `, first ${windows.windows.length}` : ''})` : ''}
      </h5>
      {windows && windows.windows.length === 0 && <div className="dim">none: nothing is waiting for the watermark here.</div>}
      {windows && windows.windows.length > 0 && (
        <table className="debug-windows" data-testid="debug-windows" data-total={windows.total}>
          <thead>
            <tr>
              <th>key</th>
              <th>start</th>
              <th>end</th>
              <th>fires at</th>
              <th>records</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {windows.windows.map((w) => (
              <tr key={`${w.key}@${w.start ?? w.fireTime}`} data-testid="debug-window" data-key={w.key} data-start={w.start ?? ''} data-fired={w.fired ? 'true' : 'false'}>
                <td>{w.key}</td>
                <td>{w.start === undefined ? '' : showTime(w.start)}</td>
                <td>{w.end === undefined ? '' : showTime(w.end)}</td>
                <td>{w.fired ? `fired; kept until ${showTime(w.cleanupTime)}` : showTime(w.fireTime)}</td>
                <td>{w.count ?? ''}</td>
                <td>
                  <button type="button" data-testid="debug-explain" onClick={() => void explain(nodeId, w.key, w.start)}>
                    why?
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {why && (
        <p className="debug-why-text" data-testid="debug-why-text">
          {why.text}
        </p>
      )}
    </div>
  );
}
