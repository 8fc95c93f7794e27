/** Every problem of the document; clicking one selects its node. */
import { useEditor } from '../store/editor-store.ts';
import { problemText } from './problem-text.ts';

export function ProblemsList() {
  const problems = useEditor((s) => s.problems);
  const select = useEditor((s) => s.select);
  if (problems.length === 0) return <div className="dim" data-testid="problems-empty">No problems.</div>;
  return (
    <ul className="problems" data-testid="problems-list">
      {problems.map((p, i) => (
        <li key={i} data-testid="problem-item" data-node={p.nodeId ?? ''} onClick={() => p.nodeId && select([p.nodeId])}>
          {problemText(p)}
        </li>
      ))}
    </ul>
  );
}
