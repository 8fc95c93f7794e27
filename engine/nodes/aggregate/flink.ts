/** `aggregate` → refused for now: it would be a non-windowed `GROUP BY` view feeding an updating sink (a later step of issue 20). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { AggregateConfig } from './spec.ts';

export const aggregateFlink: FlinkTranslator<AggregateConfig> = {
  kind: 'refuse',
  construct: 'non-windowed aggregate',
  reason: 'the Flink export of changelog streams is not written yet (it would be a GROUP BY without a window into an upsert or changelog sink)',
};
