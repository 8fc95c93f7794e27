/**
 * The pattern node as a node of the engine: its default rows and `select` code, output
 * timestamps, events at or behind the watermark (`late`), equal timestamps in arrival order,
 * conditions and `select` that throw (`errors`, the run goes on, the balance rule holds), keys
 * kept apart, partial-match gauges and the positions of a match's input records.
 */
import { describe, expect, it } from 'vitest';
import { runSequence, stage } from './cep-fixture.ts';

const AB = { stages: [stage('a', 'begin', 'a'), stage('b', 'followedBy', 'b')] };

describe('pattern node', () => {
  it('writes { key, match_start, match_end, <stage>: events } with the completing event\'s timestamp', async () => {
    const r = await runSequence({ stages: [stage('a', 'begin', 'a'), stage('o', 'followedBy', 'o', { optional: true }), stage('b', 'followedBy', 'b')] }, [
      { id: 'a1', t: 1000 },
      { id: 'x', t: 2000 },
      { id: 'b1', t: 4500 },
    ]);
    const rows = r.run.fileRows('out');
    expect(rows).toEqual([
      {
        key: 'key',
        match_start: '1970-01-01T00:00:01.000Z',
        match_end: '1970-01-01T00:00:04.500Z',
        a: [{ type: 'a', id: 'a1', t: 1000, k: 'key' }],
        o: [],
        b: [{ type: 'b', id: 'b1', t: 4500, k: 'key' }],
      },
    ]);
  });

  it('builds rows with the select code, given { stage: events }', async () => {
    const r = await runSequence(AB, ['a1', 'b1', 'a2', 'b2'], '({ from: match.a[0].id, to: match.b[0].id, stages: Object.keys(match).join(",") })');
    expect(r.run.fileRows('out')).toEqual([
      { from: 'a1', to: 'b1', stages: 'a,b' },
      { from: 'a2', to: 'b2', stages: 'a,b' },
    ]);
  });

  it('sends records at or behind the watermark to late and matches the rest in event-time order', async () => {
    // Punctuated watermark, bound 0: W = max - 1 after each record. b1@2000 comes after
    // a2@3000 (W = 2999) and b3@3000 after b2@5000 (W = 4999): both late.
    const r = await runSequence(AB, [
      { id: 'a1', t: 1000 },
      { id: 'a2', t: 3000 },
      { id: 'b1', t: 2000 },
      { id: 'b2', t: 5000 },
      { id: 'b3', t: 3000 },
    ]);
    expect(r.late).toEqual(['b1', 'b3']);
    expect(r.matches).toEqual(['a1 b2', 'a2 b2']);
    const m = r.run.metrics('p');
    expect([m.in, m.accepted, m.late]).toEqual([5, 3, 2]);
  });

  it('processes events with equal timestamps in arrival order', async () => {
    const r = await runSequence({ stages: [stage('a', 'begin', 'a'), stage('b', 'next', 'b')] }, [
      { id: 'b0', t: 1000 },
      { id: 'a1', t: 2000 },
      { id: 'b1', t: 2000 },
      { id: 'b2', t: 2000 },
      { id: 'a2', t: 3000 },
      { id: 'a3', t: 3000 },
      { id: 'b3', t: 3000 },
    ]);
    expect(r.matches).toEqual(['a1 b1', 'a3 b3']);
  });

  it('sends an event on which a condition throws to errors, as if it never came, and goes on', async () => {
    const config = { stages: [stage('a', 'begin', 'a'), { name: 'b', contiguity: 'next', condition: 'if (event.id === "boom") throw new Error("no " + event.id); return event.type === "b";' }] };
    const r = await runSequence(config, ['a1', 'boom', 'b1', 'a2', 'x', 'b2']);
    // "boom" never reached the NFA: a1 is still directly followed by b1.
    expect(r.matches).toEqual(['a1 b1']);
    expect(r.errors).toEqual([{ node: 'p', reason: 'stages[1].condition threw Error: no boom', record: { type: 'boom', id: 'boom', k: 'key', t: 2000 } }]);
    const m = r.run.metrics('p');
    expect([m.in, m.accepted, m.errors]).toEqual([6, 5, 1]);
  });

  it('sends a match whose select throws to errors (not an input record) and goes on', async () => {
    const r = await runSequence(AB, ['a1', 'b1', 'a2', 'b2'], 'match.a[0].id === "a1" ? ({ ok: match.a[0].id }) : (() => { throw new Error("bad match"); })()');
    expect(r.run.fileRows('out')).toEqual([{ ok: 'a1' }]);
    expect(r.errors.map((e) => e.reason)).toEqual(['select threw Error: bad match']);
    const m = r.run.metrics('p');
    expect([m.in, m.accepted, m.errors]).toEqual([4, 4, 0]);
  });

  it('keeps keys apart', async () => {
    const r = await runSequence(AB, [
      { id: 'a1', k: 'x' },
      { id: 'a2', k: 'y' },
      { id: 'b1', k: 'y' },
      { id: 'b2', k: 'x' },
    ]);
    expect(r.matches).toEqual(['a1 b2', 'a2 b1']);
  });

  it('reports partial matches waiting at each stage, and the input positions of each match', async () => {
    const r = await runSequence({ stages: [stage('a', 'begin', 'a'), stage('b', 'followedBy', 'b', { quantifier: 'oneOrMore' }), stage('c', 'followedBy', 'c')] }, ['a1', 'b1', 'a2', 'c1', 'b2']);
    // a1 b1 c1 matched; a1 b1 skipped a2 and c1 inside its loop and took b2; a2 skipped c1 and
    // took b2: two runs wait in b's loop, none elsewhere (start states are not counted).
    expect(r.run.metrics('p').gauges).toEqual({ a: 0, b: 2, c: 0 });
    const samples = r.run.job.samples('p', 'out');
    expect(samples.map((s) => s.inputs)).toEqual([[1, 2, 4]]);
    const inputs = r.run.job.samples('p', 'in');
    expect(inputs.map((s) => [s.position, s.row.id])).toEqual([
      [1, 'a1'],
      [2, 'b1'],
      [3, 'a2'],
      [4, 'c1'],
      [5, 'b2'],
    ]);
  });
});
