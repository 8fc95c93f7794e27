/**
 * Parquet replay vs JSON Lines replay of the same rows (the flights × N file `run.ts` writes):
 * pyarrow converts the file to Parquet (row groups of 100 k rows), then the file source alone
 * replays each, in its own process, with peak RSS. Target (issue 22): Parquet ≥ 1.5× JSON
 * Lines, since no text is parsed. Without a Python with pyarrow the case is skipped with the
 * reason (a benchmark, not a test).
 */
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from '../formats/python.ts';
import type { CaseResult } from './cases.ts';

const script = fileURLToPath(new URL('./jsonl-to-parquet.py', import.meta.url));

/** Prints the two replays and their ratio; `runCase` runs a case of `case.ts` in its own process. */
export function parquetBench(jsonlPath: string, runCase: (name: string, path: string) => CaseResult, print: (r: CaseResult, target?: string) => void): void {
  const python = findPython();
  if (!python.ok) {
    console.log(`Parquet replay: skipped, ${python.reason}`);
    return;
  }
  const parquet = join(dirname(jsonlPath), 'flights.parquet');
  process.stderr.write('bench: converting to Parquet with pyarrow…\n');
  execFileSync(python.python, [script, jsonlPath, parquet], { encoding: 'utf8' });
  const jsonl = runCase('replay', jsonlPath);
  const pq = runCase('parquet-replay', parquet);
  print(jsonl);
  const ratio = pq.eventsPerSecond / jsonl.eventsPerSecond;
  print(pq, `${ratio.toFixed(2)}× JSON Lines replay, target ≥ 1.5×: ${ratio >= 1.5 ? 'met' : 'MISSED'}`);
}
