/** Runs one benchmark case (argv: name [path]) and prints its result as JSON on stdout. */
import { delaysByOrigin, fileReplay, jsonlReplay, jsonParseBaseline, statelessChain, tumblingWindow, type CaseResult } from './cases.ts';
import { checkpointOverhead, checkpointSize } from './checkpoint-cases.ts';
import { patternFollowedBy } from './pattern-cases.ts';
import { singleReplay, unionReplay } from './replay-cases.ts';
import { nexmarkQuery } from './nexmark-cases.ts';
import { sqlDelaysByOrigin, sqlTumblingWindow } from './sql-cases.ts';
import { cdcAggregate } from './cdc-cases.ts';

const [name, path] = process.argv.slice(2);
const cases: Record<string, () => Promise<CaseResult>> = {
  stateless: () => statelessChain(),
  window: () => tumblingWindow(),
  delays: () => delaysByOrigin(path as string),
  replay: () => jsonlReplay(path as string),
  'parquet-replay': () => fileReplay('Parquet replay: file source alone (row groups, event time, watermarks)', path as string),
  baseline: () => jsonParseBaseline(path as string),
  'checkpoint-100k-heap': () => checkpointSize(100_000, 'heap'),
  'checkpoint-1m-heap': () => checkpointSize(1_000_000, 'heap'),
  'checkpoint-100k-leveldb': () => checkpointSize(100_000, 'leveldb'),
  'checkpoint-1m-leveldb': () => checkpointSize(1_000_000, 'leveldb'),
  'window-100k-no-checkpoints': () => checkpointOverhead(100_000, undefined),
  'window-100k-checkpoint-1s': () => checkpointOverhead(100_000, 1000),
  pattern: () => patternFollowedBy(),
  'union-aligned': () => unionReplay(path as string, 'aligned'),
  'union-drift': () => unionReplay(path as string, 'drift'),
  'union-chunked': () => unionReplay(path as string, 'chunked'),
  'single-aligned': () => singleReplay(path as string, 'aligned'),
  'single-chunked': () => singleReplay(path as string, 'chunked'),
  nexmark: () => nexmarkQuery(path as string, Number(process.argv[4] ?? 100_000)),
  'sql-window': () => sqlTumblingWindow(),
  'sql-delays': () => sqlDelaysByOrigin(path as string),
  cdc: () => cdcAggregate(),
};
const run = cases[name ?? ''];
if (!run) throw new Error(`unknown case ${name}; one of ${Object.keys(cases).join(', ')}`);
process.stdout.write(JSON.stringify(await run()) + '\n');
