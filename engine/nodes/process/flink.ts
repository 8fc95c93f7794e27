/** `process` → refused: a KeyedProcessFunction (keyed state, timers, side outputs) exists in Flink's DataStream API only, not in SQL. */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { ProcessConfig } from './spec.ts';

export const processFlink: FlinkTranslator<ProcessConfig> = {
  kind: 'refuse',
  construct: 'process function',
  reason: "keyed state, timers and side outputs are Flink's DataStream API (KeyedProcessFunction); Flink SQL cannot express them",
};
