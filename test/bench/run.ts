/**
 * `npm run bench`: prints events/s, per-event time (p50/p99) and peak RSS for each case, each in
 * its own process, and checks them against the targets of the engine issue:
 * stateless chain ≥ 2 M ev/s, tumbling window ≥ 800 k ev/s, JSONL replay ≥ 70 % of the
 * readline + JSON.parse baseline. Figures, not a pass/fail test: it exits 0 either way.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repeatedFlights, type CaseResult } from './cases.ts';

const caseScript = fileURLToPath(new URL('./case.ts', import.meta.url));
const fmt = (n: number | undefined, digits = 0): string => (n === undefined || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits }));

function runCase(name: string, path?: string): CaseResult {
  process.stderr.write(`bench: ${name}…\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', caseScript, name, ...(path ? [path] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseResult;
}

function print(r: CaseResult, target?: string): void {
  console.log(
    `${r.name}\n  ${fmt(r.events)} events in ${r.seconds.toFixed(2)} s = ${fmt(r.eventsPerSecond)} ev/s` +
      `${r.p50Micros !== undefined ? ` | per event p50 ${fmt(r.p50Micros, 3)} µs, p99 ${fmt(r.p99Micros, 3)} µs` : ''}` +
      ` | peak RSS ${fmt(r.peakRssMb)} MB${target ? ` | ${target}` : ''}`,
  );
}

const times = Number(process.env.BENCH_FLIGHT_COPIES ?? 100);
process.stderr.write(`bench: writing flights × ${times}…\n`);
const flights = await repeatedFlights(times);
try {
  const stateless = runCase('stateless');
  print(stateless, `target ≥ 2,000,000 ev/s: ${stateless.eventsPerSecond >= 2e6 ? 'met' : 'MISSED'}`);
  const window = runCase('window');
  print(window, `target ≥ 800,000 ev/s: ${window.eventsPerSecond >= 8e5 ? 'met' : 'MISSED'}`);
  const delays = runCase('delays', flights.path);
  print(delays);
  const baseline = runCase('baseline', flights.path);
  print(baseline);
  const replay = runCase('replay', flights.path);
  const ratio = replay.eventsPerSecond / baseline.eventsPerSecond;
  print(replay, `${(ratio * 100).toFixed(0)} % of baseline, target ≥ 70 %: ${ratio >= 0.7 ? 'met' : 'MISSED'}`);
} finally {
  rmSync(dirname(flights.path), { recursive: true, force: true });
}
