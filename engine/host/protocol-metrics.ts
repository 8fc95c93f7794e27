/**
 * A node's live figures as the protocol carries them (`NodeMetricsSnapshot`,
 * `engine/runtime/metrics.ts`), shared by `protocol.ts` and `protocol-debug.ts`. Pure zod.
 */
import { z } from 'zod';

export const MetricsSnapshotSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  in: z.number(),
  accepted: z.number(),
  filtered: z.number(),
  late: z.number(),
  errors: z.number(),
  out: z.number(),
  emitted: z.record(z.string(), z.number()),
  inputWatermark: z.number().nullable(),
  outputWatermark: z.number().nullable(),
  finished: z.boolean(),
  maxEventTime: z.number().nullable(),
  idle: z.boolean(),
  stateKeys: z.number(),
  progress: z.number().nullable(),
  backpressuredMs: z.number(),
  partitions: z
    .array(z.object({ topic: z.string(), partition: z.number(), offset: z.number(), end: z.number().nullable(), committed: z.number().nullable(), lag: z.number().nullable() }))
    .nullable(),
  balanced: z.boolean(),
  /** Extra figures of node types that report some (`capabilities.gauges`), e.g. partial matches per stage. */
  gauges: z.record(z.string(), z.number()).optional(),
  /** Sources: periodic or punctuated watermarks, how many times the watermark advanced this run (+∞ at the end not counted), records beyond the out-of-orderness bound. */
  watermarks: z.object({ emit: z.enum(['periodic', 'punctuated']), intervalMs: z.number(), emitted: z.number(), beyondBound: z.number() }).optional(),
});
