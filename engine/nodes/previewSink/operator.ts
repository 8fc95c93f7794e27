/**
 * `previewSink`: keeps the latest `limit` records it receives in memory for the editor (its
 * samples are its input: `capabilities.previewsInput`). Not exactly-once, not restored.
 */
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { SampleRing, type SampledRecord } from '../../runtime/sample-ring.ts';
import type { PreviewSinkConfig } from './spec.ts';

/** An operator whose latest records the host can read (the preview sink). */
export interface PreviewOperator extends Operator {
  latest(): SampledRecord[];
}

export function previewSink(ctx: OperatorContext<PreviewSinkConfig>): PreviewOperator {
  const ring = new SampleRing(ctx.config.limit);
  const m = ctx.metrics;
  return {
    open() {
      if (ctx.checkpointing) ctx.log('the preview sink is not exactly-once: it keeps the latest records in memory and is not restored');
    },
    processElement(row, ts) {
      m.accepted++;
      ring.record(row, ts);
    },
    latest: () => ring.latest(),
  };
}

export const previewSinkOperator: OperatorFactory<PreviewSinkConfig> = { kind: 'operator', create: previewSink };
