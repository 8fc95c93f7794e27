/**
 * The `sql` node's operator: the query compiled against the input schemas validation resolved
 * (`ctx.inputSchemas`), planned onto the physical operators of `physical/` over the node's keyed
 * state and timers. Per input record (port = table): read it as a row of its table, push it into
 * every place the query reads that table, then count it once (accepted, filtered, late or
 * errors; `physical/fate.ts`). A record on a port the query never reads counts as filtered.
 * Watermarks: the node's combined input watermark drives every operator's timers
 * (`physical/timers.ts`); the node forwards it held back by the interval joins' delay.
 * Checkpoints: keyed state and timers as every node's; the interval joins' expiration times as
 * operator state. The state shape is the plan (EXPLAIN): a restore refuses a query whose plan
 * changed.
 */
import type { OperatorFactory } from '../../runtime/operator.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { compileSql, SqlRuntimeError, type SqlInputs } from '../../sql/index.ts';
import { checkSqlConfig } from './check.ts';
import { rowEncoder } from './physical/encoder.ts';
import { InputFate } from './physical/fate.ts';
import { buildPhysicalPlan } from './physical/build.ts';
import type { SqlConfig } from './spec.ts';

export const sqlOperator: OperatorFactory<SqlConfig> = {
  kind: 'operator',
  checkConfig: checkSqlConfig,
  create(ctx) {
    const inputs: SqlInputs = Object.fromEntries(Object.entries(ctx.inputSchemas).map(([port, columns]) => [port, { columns }]));
    const compiled = compileSql(ctx.config.query, inputs);
    if (!compiled.ok) throw new Error(`the query does not compile: ${compiled.problems.map((p) => `${p.line}:${p.column} ${p.construct}: ${p.message}`).join('; ')}`);
    const plan = compiled.plan;
    const fate = new InputFate(ctx);
    const out = ctx.output('out');
    const encode = rowEncoder(plan.output);
    const physical = buildPhysicalPlan(plan, ctx.state, ctx.timers, fate, (row, ts) => {
      fate.accept();
      out.emit(encode(row), ts);
    });
    const shape = `sql;${compiled.explain()}`;
    const m = ctx.metrics;
    return {
      stateShape: () => shape,
      processElement(record: DataRecord, timestamp: number, port: string) {
        const input = physical.inputs.get(port);
        if (input === undefined) {
          m.filtered++;
          return;
        }
        let row;
        try {
          row = input.reader.read(record, timestamp);
        } catch (e) {
          if (!(e instanceof SqlRuntimeError)) throw e;
          fate.unreadable(record, `input ${port}: ${e.reason}`, timestamp);
          return;
        }
        fate.begin(record, timestamp);
        const targets = input.targets;
        for (let i = 0; i < targets.length; i++) targets[i]!(row, timestamp);
        fate.finish();
      },
      processWatermark(watermark) {
        physical.timers.advance(watermark);
        return watermark - physical.outputDelay;
      },
      snapshotState() {
        const ops: Record<string, unknown> = {};
        for (const [id, op] of physical.timed) if (op.snapshot) ops[id] = op.snapshot();
        return { ops };
      },
      restoreState(state) {
        const ops = (state as { ops?: Record<string, unknown> }).ops ?? {};
        for (const [id, op] of physical.timed) if (op.restore && ops[id] !== undefined) op.restore(ops[id]);
      },
    };
  },
};
