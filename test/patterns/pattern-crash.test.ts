/**
 * Exactly-once for the pattern node after crashes, with real processes and real disk, on both
 * state backends: the account-takeover pipeline over 80 k login attempts, killed with SIGKILL at
 * seeded moments while partial matches are open (checked in the checkpoints it restores from)
 * and restarted from its checkpoints each time, ends with alerts, timed-out partial matches and
 * late records byte-identical to a run that never failed.
 *
 * The watermark is punctuated here (the example's is periodic): a key's matches come out when
 * the watermark passes its buffered events, so the order of rows across keys in a file follows
 * the watermark's steps, as in Flink; periodic steps depend on processing time, punctuated
 * ones only on the input, so the files can be compared byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { seeded, startRun } from '../checkpoint/spawn-run.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { chunkEntries } from '../../engine/runtime/state/chunk-codec.ts';
import type { KeyNfa } from '../../engine/nodes/pattern/nfa-state.ts';
import { generateLogins } from '../../examples/patterns/generate-logins.mjs';

const KILLS = 12;
const SEED = Number(process.env.TRIBUTARY_CRASH_SEED ?? 20260301);
const SINKS = ['alerts', 'timed_out', 'late'];

let dir: string;
let reference: string;

/** The example pipeline beside the data, checkpointing every 100 ms, on `backend`. */
function pipelineFor(backend: 'heap' | 'leveldb'): string {
  const path = join(dir, `takeover-${backend}.pipeline.json`);
  writeFileSync(path, JSON.stringify({ ...example(), stateBackend: backend, checkpoint: { intervalMs: 100, retain: 3 } }));
  return path;
}

/** The example pipeline with a punctuated watermark (see the header). */
function example(): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(join(REPO, 'examples/patterns/account-takeover.pipeline.json'), 'utf8')) as { nodes: { id: string; config?: Record<string, unknown> }[] };
  const source = doc.nodes.find((n) => n.id === 'logins');
  if (!source?.config) throw new Error('the example has no logins source');
  source.config.watermarks = { maxOutOfOrderness: '10s', emit: 'punctuated' };
  return doc;
}

/** Partial matches (beyond the start state) in the latest complete checkpoint of `checkpoints`. */
async function openPartialMatches(checkpoints: string): Promise<number> {
  const store = await CheckpointStore.open(checkpoints);
  try {
    const id = await store.latestId();
    if (id === undefined) return 0;
    const part = (await store.load(id)).parts.get('takeover');
    let open = 0;
    for (const chunk of part?.chunks ?? [])
      for (const [name, , , value] of chunkEntries(chunk)) {
        const nfa = name === 'cep' ? (value as { nfa: KeyNfa | null }).nfa : null;
        if (nfa) open += nfa.partial.length - 1;
      }
    return open;
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  dir = tempDir('tributary-pattern-crash-');
  const logins = generateLogins({ seed: 5, users: 8000, days: 2 });
  writeFileSync(join(dir, 'logins.jsonl'), logins.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(join(dir, 'reference.pipeline.json'), JSON.stringify(example()));
  reference = tempDir();
  const clean = tributary(['run', join(dir, 'reference.pipeline.json'), '--out', reference, '--no-progress']);
  expect(clean.status, clean.stderr).toBe(0);
});

describe('pattern node: crash and restore', () => {
  for (const backend of ['heap', 'leveldb'] as const) {
    it(`gives byte-identical output after ${KILLS} SIGKILLs with open partial matches (${backend} backend, seed ${SEED})`, async () => {
      const out = tempDir();
      const checkpoints = tempDir();
      const random = seeded(SEED + (backend === 'heap' ? 0 : 1));
      // Two days of attempts in about 30 s of replay, so the kills land before the end.
      const args = [pipelineFor(backend), '--out', out, '--checkpoint-dir', checkpoints, '--speed', '5760'];
      let kills = 0;
      let restores = 0;
      let openAtCheckpoint = 0;
      for (;;) {
        const run = startRun(args);
        // Killed at a seeded moment after the run completed a checkpoint of its own, so that
        // every restart restores one, however slowly the machine starts the process.
        let timer: NodeJS.Timeout | undefined;
        if (kills < KILLS) {
          const delay = Math.round(random() * 800);
          const onData = (): void => {
            if (timer || !/checkpoint \d+ complete/.test(run.stderr())) return;
            timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
          };
          run.child.stderr?.on('data', onData);
        }
        const result = await run.done;
        clearTimeout(timer);
        if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
        if (result.signal === 'SIGKILL') {
          kills++;
          openAtCheckpoint = Math.max(openAtCheckpoint, await openPartialMatches(checkpoints));
          continue;
        }
        expect(result.code, result.stderr).toBe(0);
        break;
      }
      console.log(`pattern crash test (${backend}): ${kills} kills, ${restores} restores, up to ${openAtCheckpoint} open partial matches in a checkpoint restored from`);
      for (const sink of SINKS) {
        const expected = readFileSync(join(reference, `${sink}.jsonl`));
        const actual = readFileSync(join(out, `${sink}.jsonl`));
        expect(actual.equals(expected), `${sink}.jsonl differs from the failure-free run`).toBe(true);
      }
      expect(readFileSync(join(reference, 'alerts.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(100);
      expect(kills).toBe(KILLS);
      expect(restores).toBe(KILLS);
      expect(openAtCheckpoint).toBeGreaterThan(0);
    }, 600_000);
  }
});
