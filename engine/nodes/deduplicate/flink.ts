/** `deduplicate` → refused for now: it would be `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1` (a later step of issue 20). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { DeduplicateConfig } from './spec.ts';

export const deduplicateFlink: FlinkTranslator<DeduplicateConfig> = {
  kind: 'refuse',
  construct: 'deduplicate',
  reason: 'the Flink export of deduplication is not written yet (it would be ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1)',
};
