/**
 * `consoleSink`: prints JSON lines on stdout (Flink's `print()`), flushed at every watermark.
 * Not exactly-once: after a restore, records since the last checkpoint are printed again.
 */
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { ConsoleSinkConfig } from './spec.ts';

export function consoleSink(ctx: OperatorContext<ConsoleSinkConfig>): Operator {
  const m = ctx.metrics;
  let buffer = '';
  const flush = (): void => {
    if (buffer.length > 0) process.stdout.write(buffer);
    buffer = '';
  };
  return {
    open() {
      if (ctx.checkpointing) ctx.log('the console sink is not exactly-once: after a restore, records since the last checkpoint are printed again');
    },
    processElement(row) {
      m.accepted++;
      buffer += ctx.config.prefix + JSON.stringify(row) + '\n';
      if (buffer.length >= 64 * 1024) flush();
    },
    processWatermark: flush,
    close: flush,
  };
}

export const consoleSinkOperator: OperatorFactory<ConsoleSinkConfig> = { kind: 'operator', create: consoleSink };
