/**
 * `pattern` → refused: Flink CEP's Pattern API is DataStream-only. Flink SQL's MATCH_RECOGNIZE
 * runs on the same NFA but cannot say relaxed or non-deterministic contiguity, `notFollowedBy`,
 * `until` or the timed-out partial matches side output, nor take TypeScript conditions.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { PatternConfig } from './spec.ts';

export const patternFlink: FlinkTranslator<PatternConfig> = {
  kind: 'refuse',
  construct: 'pattern (CEP)',
  reason: "Flink CEP's Pattern API is DataStream-only; Flink SQL's MATCH_RECOGNIZE cannot express relaxed contiguity, timeouts or TypeScript conditions",
};
