/**
 * The pattern node's stage list in the inspector (`capabilities.stageList`): one row per stage,
 * in pattern order (Flink's `Pattern.begin(...).next(...)...` chain), with the live count of
 * partial matches waiting at each stage while a job runs.
 */
import { useEditor } from '../../store/editor-store.ts';
import { useLive } from '../../store/live-store.ts';
import { addStage, moveStage, removeStage, updateStage, type Stage } from './stage-edits.ts';
import { StageRow } from './StageRow.tsx';

export function StageListEditor({ nodeId, stages, onChange }: { nodeId: string; stages: readonly Stage[]; onChange(stages: Stage[]): void }) {
  const problems = useEditor((s) => s.problems).filter((p) => p.nodeId === nodeId);
  const gauges = useLive((s) => s.nodes[nodeId]?.gauges);
  return (
    <div className="field stage-list" data-testid="stage-list">
      <span className="field-label">
        stages <span className="help">the pattern, first stage first; conditions are TypeScript over event and ctx (ctx.matched(&apos;stage&apos;) gives a stage&apos;s events so far)</span>
      </span>
      <ol className="stages">
        {stages.map((stage, i) => (
          <StageRow
            key={i}
            nodeId={nodeId}
            stage={stage}
            index={i}
            count={stages.length}
            problems={problems}
            waiting={gauges?.[String(stage.name)]}
            onChange={(patch) => onChange(updateStage(stages, i, patch))}
            onMove={(by) => onChange(moveStage(stages, i, by))}
            onRemove={() => onChange(removeStage(stages, i))}
          />
        ))}
      </ol>
      <button type="button" data-testid="stage-add" onClick={() => onChange(addStage(stages))}>
        add stage
      </button>
    </div>
  );
}
