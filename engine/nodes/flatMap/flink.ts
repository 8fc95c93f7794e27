/** `flatMap` → refused: code returning an array of records is a table function, which Flink SQL has only as a Java UDF. */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const flatMapFlink: FlinkTranslator<NoConfig> = {
  kind: 'refuse',
  construct: 'flatMap',
  reason: 'code that returns an array of records is a table function; Flink SQL runs those only as a Java UDF (a TableFunction in the job\'s jar), which the export does not write',
};
