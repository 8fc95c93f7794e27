/** `cdcSource` → refused for now: the export would be a filesystem table with `'format' = 'debezium-json'` (a later step of issue 20). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { CdcSourceConfig } from './spec.ts';

export const cdcSourceFlink: FlinkTranslator<CdcSourceConfig> = {
  kind: 'refuse',
  construct: 'CDC source',
  reason: "the Flink export of changelog streams is not written yet (it would read the file with Flink's 'debezium-json' format)",
};
