/** Runs one benchmark case (argv: name [path]) and prints its result as JSON on stdout. */
import { delaysByOrigin, jsonlReplay, jsonParseBaseline, statelessChain, tumblingWindow, type CaseResult } from './cases.ts';

const [name, path] = process.argv.slice(2);
const cases: Record<string, () => Promise<CaseResult>> = {
  stateless: () => statelessChain(),
  window: () => tumblingWindow(),
  delays: () => delaysByOrigin(path as string),
  replay: () => jsonlReplay(path as string),
  baseline: () => jsonParseBaseline(path as string),
};
const run = cases[name ?? ''];
if (!run) throw new Error(`unknown case ${name}; one of ${Object.keys(cases).join(', ')}`);
process.stdout.write(JSON.stringify(await run()) + '\n');
