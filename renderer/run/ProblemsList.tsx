/** Every problem of the document; clicking one selects its node. */
import { CircleCheck } from 'lucide-react';
import { useEditor } from '../store/editor-store.ts';
import { problemText } from './problem-text.ts';

export function ProblemsList() {
  const problems = useEditor((s) => s.problems);
  const select = useEditor((s) => s.select);
  if (problems.length === 0)
    return (
      <div className="empty-state" data-testid="problems-empty">
        <CircleCheck size={15} aria-hidden="true" /> No problems: the pipeline is ready to run.
      </div>
    );
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
