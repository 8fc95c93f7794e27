/**
 * What the user-code boundary costs: the stateless chain and the keyed window run through
 * `launchJob` (a job process, as every run is launched) with the sandbox (Node's permission
 * model, no code generation from strings) and without it, three alternating pairs each,
 * compared by medians (events/s from the job's own duration; start-up excluded). Target from
 * the security issue: at most 15 % slower on the stateless chain.
 */
import { launchJob } from '../../engine/launch/launch-job.ts';
import { jobRuntime } from '../../engine/launch/runtime-bundle.ts';
import { compileUserCode } from '../../engine/udf/compile.ts';
import { REPO, statelessDocument, windowDocument } from './cases.ts';

async function eventsPerSecond(document: unknown, sandbox: boolean): Promise<number> {
  const outcome = await launchJob({ document, compileCode: compileUserCode, runtime: jobRuntime(), baseDir: REPO, sandbox }).outcome;
  if (outcome.kind !== 'finished') throw new Error(`bench run failed: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.result.recordsRead / (outcome.result.durationMs / 1000);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Prints one line per pipeline: with and without the sandbox, and the cost. */
export async function boundaryBench(): Promise<void> {
  for (const [name, document, target] of [
    ['stateless chain (5 M)', statelessDocument(5_000_000), 0.15],
    ['keyed tumbling window (3 M)', windowDocument(3_000_000), undefined],
  ] as const) {
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 3; i++) {
      off.push(await eventsPerSecond(document, false));
      on.push(await eventsPerSecond(document, true));
    }
    const cost = 1 - median(on) / median(off);
    console.log(
      `user-code boundary, ${name}: ${fmt(median(off))} ev/s without → ${fmt(median(on))} ev/s with the sandbox = ${(cost * 100).toFixed(1)} % slower` +
        (target === undefined ? '' : `, target ≤ ${target * 100} %: ${cost <= target ? 'met' : 'MISSED'}`),
    );
  }
}
