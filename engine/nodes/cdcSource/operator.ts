/**
 * The `cdcSource` node: the file source (`fileSource/operator.ts`: line reading, checkpointed
 * byte offset, paced or pulled replay, errors with file and line) reading JSON Lines, with each
 * line decoded as a Debezium envelope (`connectors/debezium-json.ts`) into `RowKind`ed changes.
 */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { decodeDebezium } from '../../connectors/debezium-json.ts';
import { fileSource } from '../fileSource/operator.ts';
import type { FileSourceConfig } from '../fileSource/spec.ts';
import type { CdcSourceConfig } from './spec.ts';

export const cdcSourceOperator: OperatorFactory<CdcSourceConfig> = {
  kind: 'source',
  create(ctx) {
    const c = ctx.config;
    const sourceTime = c.time === undefined;
    const config: FileSourceConfig = {
      path: c.path,
      format: 'jsonl',
      compression: c.compression,
      maxLineBytes: c.maxLineBytes,
      invalidUtf8: c.invalidUtf8,
      speed: c.speed,
      // Unset: the decoder gives `source.ts_ms`, and the emitter never reads a time of its own.
      time: c.time ?? { mode: 'processing' },
      watermarks: c.watermarks,
    };
    return fileSource({ ...ctx, config }, (row) => decodeDebezium(row, sourceTime));
  },
};
