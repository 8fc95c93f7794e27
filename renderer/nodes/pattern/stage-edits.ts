/**
 * Pure edits of a pattern node's stage list (the config field `stages`), as the stage editor
 * makes them: add, remove, move, change one stage. The first stage is always `begin` and no
 * other is, as Flink's `Pattern.begin(...)` chain reads; the rest is left to validation.
 */

/** A stage as the document holds it (raw config: validation checks it). */
export type Stage = Record<string, unknown> & { name?: unknown; contiguity?: unknown };

/** Keeps `begin` on the first stage only (a moved-down first stage becomes `followedBy`). */
function withBegin(stages: Stage[]): Stage[] {
  return stages.map((s, i) => {
    if (i === 0 && s.contiguity !== 'begin') return { ...s, contiguity: 'begin' };
    if (i > 0 && s.contiguity === 'begin') return { ...s, contiguity: 'followedBy' };
    return s;
  });
}

/** A name not taken yet: `stage1`, `stage2`, … */
function freshName(stages: readonly Stage[]): string {
  const taken = new Set(stages.map((s) => String(s.name)));
  let n = stages.length + 1;
  while (taken.has(`stage${n}`)) n++;
  return `stage${n}`;
}

export function addStage(stages: readonly Stage[]): Stage[] {
  return withBegin([...stages, { name: freshName(stages), contiguity: 'followedBy', condition: '' }]);
}

export function removeStage(stages: readonly Stage[], index: number): Stage[] {
  return withBegin(stages.filter((_, i) => i !== index));
}

/** Moves stage `index` one place up (`-1`) or down (`+1`). */
export function moveStage(stages: readonly Stage[], index: number, by: -1 | 1): Stage[] {
  const to = index + by;
  if (to < 0 || to >= stages.length) return [...stages];
  const next = [...stages];
  [next[index], next[to]] = [next[to] as Stage, next[index] as Stage];
  return withBegin(next);
}

/** Applies `patch` to stage `index`; `undefined` values remove the field. */
export function updateStage(stages: readonly Stage[], index: number, patch: Record<string, unknown>): Stage[] {
  return withBegin(
    stages.map((s, i) => {
      if (i !== index) return s;
      const next: Stage = { ...s };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      return next;
    }),
  );
}

/** Whether a stage is negated (`notNext`, `notFollowedBy`): it takes no quantifier. */
export function isNegated(stage: Stage): boolean {
  return stage.contiguity === 'notNext' || stage.contiguity === 'notFollowedBy';
}

/** Whether a stage loops (`oneOrMore`, `timesOrMore`): it may have `until`. */
export function isLooping(stage: Stage): boolean {
  return stage.quantifier === 'oneOrMore' || stage.quantifier === 'timesOrMore';
}
