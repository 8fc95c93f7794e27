/**
 * `generator` → Flink SQL: Flink's `datagen` draws other random numbers, so the export writes
 * the generator's own records (same seed, same values) into `data/<id>.jsonl` and reads them
 * with a `filesystem` table; event time is `ts` (epoch ms). Up to {@link MAX_GENERATED} records.
 */
import { SeededRandom } from '../../connectors/disorder-buffer.ts';
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { fileSourceStream } from '../common/flink-source.ts';
import type { GeneratorConfig } from './spec.ts';

/** The largest generator the export writes out as a file. */
export const MAX_GENERATED = 1_000_000;

/** The records the generator emits, as `generatorSource` computes them. */
export function generatedRecords(config: GeneratorConfig): Record<string, unknown>[] {
  const start = Date.parse(config.start);
  const random = new SeededRandom(config.seed);
  const rows: Record<string, unknown>[] = [];
  for (let seq = 0; seq < config.count; seq++) rows.push({ seq, key: `k${seq % config.keys}`, value: Math.floor(random.next() * 1000), ts: start + seq * config.step });
  return rows;
}

export const generatorFlink: FlinkTranslator<GeneratorConfig> = {
  kind: 'translate',
  translate: async (node, _inputs, ctx) => {
    const config = node.config;
    if (config.count > MAX_GENERATED)
      ctx.refuse(`a generator of ${config.count} records`, `Flink's datagen draws different values, so the export writes the records into a file, up to ${MAX_GENERATED}`, 'count');
    if (Number.isNaN(Date.parse(config.start))) ctx.refuse(`start "${config.start}"`, 'not an ISO-8601 time', 'start');
    const written = await ctx.writeData(generatedRecords(config));
    const path = ctx.param({ field: 'path', kind: 'path', value: written, description: "the generator's records, as JSON lines (written by the export)" }) as string;
    const columns = [
      { name: 'seq', type: { kind: 'BIGINT' as const } },
      { name: 'key', type: { kind: 'STRING' as const } },
      { name: 'value', type: { kind: 'BIGINT' as const } },
      { name: 'ts', type: { kind: 'BIGINT' as const } },
    ];
    const time = { mode: 'event' as const, field: 'ts', format: 'epochMillis' as const };
    return { out: fileSourceStream(ctx, { path, format: 'jsonl', columns, time, watermarks: config.watermarks, comment: `${node.id}: ${config.count} generated records` }) };
  },
};
