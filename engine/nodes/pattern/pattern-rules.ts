/**
 * The rules Flink CEP enforces when a pattern is built (`Pattern`, `Quantifier`, `Times` and the
 * `NFACompiler` throw `MalformedPatternException` or `IllegalArgumentException` for them),
 * checked on the node's config so a bad pattern is refused at validation with every problem
 * listed, each naming the stage field. Pure (the editor runs it).
 */
import type { PatternConfig } from './spec.ts';

/** A problem: where (path inside the config) and what Flink would say. */
export interface RuleProblem {
  path: (string | number)[];
  message: string;
}

/** Fields the default output uses beside the stages, so no stage may take their name. */
export const RESERVED_FIELDS = ['key', 'match_start', 'match_end', 'timed_out_at'] as const;

const NOT = new Set(['notNext', 'notFollowedBy']);

/** Every rule broken by `config` (empty when the pattern is one Flink would build). */
export function patternProblems(config: PatternConfig): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = (i: number, field: string, message: string): void => void problems.push({ path: ['stages', i, field], message });
  const seen = new Set<string>();
  config.stages.forEach((s, i) => {
    if (seen.has(s.name)) at(i, 'name', `duplicate stage name "${s.name}": names must be unique`);
    seen.add(s.name);
    if ((RESERVED_FIELDS as readonly string[]).includes(s.name)) at(i, 'name', `"${s.name}" is a field of the output row; choose another stage name`);
    if (i === 0 && s.contiguity !== 'begin') at(i, 'contiguity', 'the first stage is "begin" (Pattern.begin)');
    if (i > 0 && s.contiguity === 'begin') at(i, 'contiguity', 'only the first stage is "begin"; use next, followedBy, followedByAny, notNext or notFollowedBy');
    const negated = NOT.has(s.contiguity);
    if (negated) {
      if (s.quantifier !== 'one' || s.optional || s.greedy || s.consecutive || s.allowCombinations || s.until !== undefined)
        at(i, 'quantifier', `a ${s.contiguity} stage takes no quantifier, optional, greedy, consecutive, allowCombinations or until (Flink: "Option not applicable to NOT pattern")`);
      const previous = config.stages[i - 1];
      if (previous && (previous.optional || (previous.quantifier === 'times' && previous.times === 0)))
        at(i, 'contiguity', `a ${s.contiguity} stage cannot follow an optional stage (Flink: "Specifying a pattern with an optional path to NOT condition is not supported yet")`);
    }
    quantifierProblems(config, i, at);
  });
  const last = config.stages[config.stages.length - 1];
  if (last?.contiguity === 'notFollowedBy' && config.within === undefined)
    problems.push({ path: ['within'], message: 'a pattern that ends with notFollowedBy needs "within" (Flink: "NotFollowedBy is not supported without windowTime as a last part of a Pattern")' });
  const { strategy, stage } = config.skip;
  if (strategy === 'skipToFirst' || strategy === 'skipToLast') {
    if (stage === undefined) problems.push({ path: ['skip', 'stage'], message: `${strategy} needs the name of a stage` });
    else if (!seen.has(stage)) problems.push({ path: ['skip', 'stage'], message: `no stage "${stage}" (Flink: "The pattern name specified in AfterMatchSkipStrategy can not be found in the given Pattern")` });
  } else if (stage !== undefined) problems.push({ path: ['skip', 'stage'], message: `${strategy} takes no stage` });
  return problems;
}

function quantifierProblems(config: PatternConfig, i: number, at: (i: number, field: string, message: string) => void): void {
  const s = config.stages[i];
  if (!s) return;
  const q = s.quantifier;
  if (q === 'times') {
    if (s.times === undefined) at(i, 'times', 'times(n) needs "times"');
    else if (s.to === undefined && s.times < 1) at(i, 'times', 'times(n) needs n ≥ 1 (Flink: "You should give a positive number greater than 0")');
    else if (s.to !== undefined && s.to < Math.max(1, s.times)) at(i, 'to', `times(${s.times}, ${s.to}): "to" must be ≥ ${Math.max(1, s.times)}`);
    if (s.times === 0 && s.optional) at(i, 'optional', 'times(0, m) is already optional (Flink: "Optional already applied!")');
  } else if (q === 'timesOrMore') {
    if (s.times === undefined || s.times < 1) at(i, 'times', 'timesOrMore(n) needs n ≥ 1');
    if (s.to !== undefined) at(i, 'to', '"to" is for times(n, m) only');
  } else {
    if (s.times !== undefined) at(i, 'times', `"times" is for the times and timesOrMore quantifiers, not ${q}`);
    if (s.to !== undefined) at(i, 'to', '"to" is for times(n, m) only');
  }
  const looping = q === 'oneOrMore' || q === 'timesOrMore';
  if (s.until !== undefined && !looping) at(i, 'until', 'until applies to oneOrMore and timesOrMore only (Flink: "The until condition is only applicable to looping states")');
  if (s.greedy && q === 'one') at(i, 'greedy', 'greedy applies to times, oneOrMore and timesOrMore (Flink: "Option not applicable to singleton quantifier")');
  if (s.greedy && s.allowCombinations) at(i, 'greedy', 'greedy cannot go with allowCombinations (Flink: "Option not applicable to FollowedByAny pattern")');
  if (s.consecutive && s.allowCombinations) at(i, 'consecutive', 'consecutive and allowCombinations exclude each other (Flink: "You can apply either combinations or consecutive, not both!")');
  if ((s.consecutive || s.allowCombinations) && q === 'one')
    at(i, s.consecutive ? 'consecutive' : 'allowCombinations', `${s.consecutive ? 'consecutive' : 'allowCombinations'} applies to times, oneOrMore and timesOrMore only`);
  const previous = config.stages[i - 1];
  if (s.optional && previous?.greedy) at(i, 'optional', 'an optional stage cannot follow a greedy one (Flink: "Optional pattern cannot be preceded by greedy pattern")');
}
