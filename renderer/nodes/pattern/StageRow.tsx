/** One stage of the stage list: its name, contiguity, quantifier and options, condition and live count. */
import type { ProtocolProblem as Problem } from '../../../engine/host/protocol.ts';
import { isLooping, isNegated, type Stage } from './stage-edits.ts';
import { StageCode } from './StageCode.tsx';

const CONTIGUITIES = ['next', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy'] as const;
const QUANTIFIERS = ['one', 'times', 'oneOrMore', 'timesOrMore'] as const;
const OPTIONS = ['optional', 'greedy', 'consecutive', 'allowCombinations'] as const;

export interface StageRowProps {
  nodeId: string;
  stage: Stage;
  index: number;
  count: number;
  problems: readonly Problem[];
  /** Partial matches waiting at this stage in the running job, if any. */
  waiting: number | undefined;
  onChange(patch: Record<string, unknown>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' || !/^\d+$/.test(text.trim()) ? undefined : Number(text));

export function StageRow({ nodeId, stage, index, count, problems, waiting, onChange, onMove, onRemove }: StageRowProps) {
  const at = `stages[${index}]`;
  const mine = problems.filter((p) => p.field === at || p.field?.startsWith(`${at}.`));
  const quantifier = typeof stage.quantifier === 'string' ? stage.quantifier : 'one';
  const testId = (what: string): string => `stage-${index}-${what}`;
  return (
    <li className={`stage${mine.length > 0 ? ' invalid' : ''}`} data-testid={`stage-${index}`} data-stage={String(stage.name ?? '')}>
      <div className="stage-head">
        <input type="text" className="stage-name" aria-label="stage name" data-testid={testId('name')} value={String(stage.name ?? '')} onChange={(e) => onChange({ name: e.target.value })} />
        {index === 0 ? (
          <span className="dim" data-testid={testId('contiguity')}>
            begin
          </span>
        ) : (
          <select aria-label="contiguity" data-testid={testId('contiguity')} value={String(stage.contiguity ?? 'followedBy')} onChange={(e) => onChange({ contiguity: e.target.value })}>
            {CONTIGUITIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
        <span className="stage-waiting" title="partial matches waiting at this stage" data-testid={testId('waiting')} data-value={waiting ?? ''}>
          {waiting !== undefined ? `waiting ${waiting}` : ''}
        </span>
        <button type="button" className="link" aria-label="move up" disabled={index === 0} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="link" aria-label="move down" disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="link" aria-label="remove stage" data-testid={testId('remove')} disabled={count === 1} onClick={onRemove}>
          ✕
        </button>
      </div>
      {!isNegated(stage) && (
        <div className="stage-quantifier">
          <select aria-label="quantifier" data-testid={testId('quantifier')} value={quantifier} onChange={(e) => onChange({ quantifier: e.target.value, ...(e.target.value === 'one' || e.target.value === 'oneOrMore' ? { times: undefined, to: undefined } : {}) })}>
            {QUANTIFIERS.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
          {(quantifier === 'times' || quantifier === 'timesOrMore') && (
            <input type="text" aria-label="times" className="stage-number" data-testid={testId('times')} value={stage.times === undefined ? '' : String(stage.times)} onChange={(e) => onChange({ times: numberOrUndefined(e.target.value) })} />
          )}
          {quantifier === 'times' && (
            <input type="text" aria-label="to" placeholder="to" className="stage-number" data-testid={testId('to')} value={stage.to === undefined ? '' : String(stage.to)} onChange={(e) => onChange({ to: numberOrUndefined(e.target.value) })} />
          )}
          {OPTIONS.filter((o) => o === 'optional' || quantifier !== 'one').map((o) => (
            <label key={o} className="stage-option">
              <input type="checkbox" data-testid={testId(o)} checked={stage[o] === true} onChange={(e) => onChange({ [o]: e.target.checked ? true : undefined })} /> {o}
            </label>
          ))}
        </div>
      )}
      <StageCode nodeId={nodeId} field={`${at}.condition`} value={String(stage.condition ?? '')} problems={mine} onChange={(condition) => onChange({ condition })} testId={testId('condition')} />
      {isLooping(stage) && (
        <>
          <span className="help">until (optional): stop the loop before an event for which this is true</span>
          <StageCode nodeId={nodeId} field={`${at}.until`} value={String(stage.until ?? '')} problems={mine} onChange={(until) => onChange({ until: until.trim() === '' ? undefined : until })} testId={testId('until')} />
        </>
      )}
      {mine.length > 0 && (
        <ul className="problems" data-testid={testId('problems')}>
          {mine.map((p, i) => (
            <li key={i}>
              {p.code} {p.field}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
