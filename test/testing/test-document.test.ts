/**
 * The document a test runs (sources replaced by its inputs, sinks by capturing file sinks, side
 * outputs captured, punctuated watermarks), and the key inferred for each output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseKey, upstreamKey } from '../../engine/launch/testing/output-keys.ts';
import { testRunDocument, type RawDocument } from '../../engine/launch/testing/test-document.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { REPO } from '../cli/run-cli.ts';

const example = (name: string): RawDocument => JSON.parse(readFileSync(join(REPO, 'examples', name), 'utf8')) as RawDocument;
const node = (doc: RawDocument, id: string) => doc.nodes?.find((n) => n.id === id);

describe('testRunDocument', () => {
  it('replaces a source with its input, keeps its event time and bound, and makes the watermarks punctuated', () => {
    const doc = example('flights/late-arrivals.pipeline.json');
    const r = testRunDocument(doc, { inputs: { flights: { path: '/tmp/in.jsonl', format: 'auto' } }, watermarks: 'punctuated' });
    if (!r.ok) throw new Error(r.message);
    const flights = node(r.document, 'flights');
    expect(flights?.type).toBe('fileSource');
    // The input decides the arrival order: the source's own disorder is gone.
    expect(flights?.config).toEqual({
      path: '/tmp/in.jsonl',
      format: 'auto',
      time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' },
      watermarks: { maxOutOfOrderness: '5m', emit: 'punctuated' },
    });
    expect(r.captures.map((c) => c.ref)).toEqual(['hourly', 'late']);
    expect(validatePipeline(r.document).ok).toBe(true);
  });

  it('forces punctuated watermarks without idleness on sources it keeps, and drops checkpoints', () => {
    const doc = example('flights/delays-by-origin.pipeline.json');
    (node(doc, 'flights')?.config as Record<string, unknown>).watermarks = { maxOutOfOrderness: '5m', idleTimeout: '1s', interval: 50 };
    doc.checkpoint = { intervalMs: 100 };
    const r = testRunDocument(doc, { inputs: {}, watermarks: 'punctuated' });
    if (!r.ok) throw new Error(r.message);
    expect(node(r.document, 'flights')?.config?.watermarks).toEqual({ maxOutOfOrderness: '5m', interval: 50, emit: 'punctuated' });
    expect(node(r.document, 'flights')?.config?.path).toBe('../data/flights-20k.jsonl');
    expect(r.document.checkpoint).toBeUndefined();
    const asIs = testRunDocument(doc, { inputs: {}, watermarks: 'pipeline' });
    if (!asIs.ok) throw new Error(asIs.message);
    expect(node(asIs.document, 'flights')?.config?.watermarks).toEqual({ maxOutOfOrderness: '5m', idleTimeout: '1s', interval: 50 });
  });

  it('turns every sink into a file sink with its id, a sink’s code into a map before it, and captures named side outputs', () => {
    const doc: RawDocument = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'src', type: 'values', config: { rows: [], time: { mode: 'event', field: 'ts' } } },
        { id: 'w', type: 'tumblingWindow', config: { key: { fields: ['k'] }, size: '1m', aggregates: [{ name: 'n', fn: 'count' }] } },
        { id: 'k', type: 'kafkaSink', config: { brokers: ['127.0.0.1:1'], topic: 't' }, code: '({ n: event.n })' },
        { id: 'p', type: 'previewSink', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'src', target: 'w' },
        { id: 'e2', source: 'w', target: 'k' },
        { id: 'e3', source: 'w', sourcePort: 'out', target: 'p' },
      ],
    };
    const r = testRunDocument(doc, { inputs: {}, capture: [{ nodeId: 'w', port: 'late' }, { nodeId: 'src', port: 'errors' }], watermarks: 'punctuated' });
    if (!r.ok) throw new Error(r.message);
    expect(r.document.nodes?.map((n) => [n.id, n.type])).toEqual([
      ['src', 'values'],
      ['w', 'tumblingWindow'],
      ['k__value', 'map'],
      ['k', 'fileSink'],
      ['p', 'fileSink'],
      ['__out_1', 'fileSink'],
      ['__out_2', 'fileSink'],
    ]);
    expect(r.captures).toEqual([
      { ref: 'k', nodeId: 'k', sinkId: 'k' },
      { ref: 'p', nodeId: 'p', sinkId: 'p' },
      { ref: 'w.late', nodeId: 'w', port: 'late', sinkId: '__out_1' },
      { ref: 'src.errors', nodeId: 'src', port: 'errors', sinkId: '__out_2' },
    ]);
    expect(r.document.edges?.filter((e) => e.target === 'k__value' || e.target === 'k' || e.target.startsWith('__out')).map((e) => `${e.source}.${e.sourcePort ?? 'out'}→${e.target}`)).toEqual([
      'w.out→k__value',
      'k__value.out→k',
      'w.late→__out_1',
      'src.errors→__out_2',
    ]);
    expect(validatePipeline(r.document).ok).toBe(true);
  });

  it('refuses what a test cannot run, naming the place', () => {
    const doc = example('flights/delays-by-origin.pipeline.json');
    const refuse = (plan: Parameters<typeof testRunDocument>[1], raw: unknown = doc): string => {
      const r = testRunDocument(raw, plan);
      if (r.ok) throw new Error('accepted');
      return r.message;
    };
    expect(refuse({ inputs: { nope: { path: '/x', format: 'auto' } }, watermarks: 'punctuated' })).toBe('input nope: the pipeline has no node "nope"');
    expect(refuse({ inputs: { delayed: { path: '/x', format: 'auto' } }, watermarks: 'punctuated' })).toBe('input delayed: "delayed" is a filter, not a source');
    expect(refuse({ inputs: {}, capture: [{ nodeId: 'per_hour', port: 'sideways' }], watermarks: 'punctuated' })).toBe('output per_hour.sideways: tumblingWindow "per_hour" has no output "sideways" (its outputs: out, late)');
    expect(refuse({ inputs: {}, capture: [{ nodeId: 'delayed' }], watermarks: 'punctuated' })).toBe('output delayed: "delayed" is a filter, not a sink; name one of its outputs (delayed.out, delayed.errors)');
    const kafka = {
      version: 1,
      name: 'k',
      nodes: [
        { id: 'in', type: 'kafkaSource', config: { brokers: ['127.0.0.1:1'], topics: ['t'] } },
        { id: 'out', type: 'fileSink', config: {} },
      ],
      edges: [{ id: 'e', source: 'in', target: 'out' }],
    };
    expect(refuse({ inputs: {}, watermarks: 'punctuated' }, kafka)).toBe('source in reads kafka, an external system: give it an input in the test (a file or records)');
    expect(refuse({ inputs: { in: { path: '/x.jsonl', format: 'auto' } }, watermarks: 'punctuated' }, kafka)).toMatch(/^input in: the source's event time \{"mode":"kafka"\} cannot come from a file; give the input a "time"/);
    const ok = testRunDocument(kafka, { inputs: { in: { path: '/x.jsonl', format: 'auto', time: { mode: 'event', field: 'ts', format: 'auto' } } }, watermarks: 'punctuated' });
    expect(ok.ok).toBe(true);
  });
});

describe('output keys', () => {
  it('takes the key of the nearest keyed node upstream, through keyBy, plus the window bounds', () => {
    const delays = example('flights/delays-by-origin.pipeline.json');
    expect(upstreamKey(delays, 'hourly')).toEqual(['origin']);
    expect(upstreamKey(delays, 'per_hour', 'out')).toEqual(['origin']);
    expect(upstreamKey(delays, 'per_hour', 'late')).toBeUndefined();
    expect(upstreamKey(delays, 'delayed', 'out')).toBeUndefined();
    expect(upstreamKey(example('flights/route-enrichment.pipeline.json'), 'by_state')).toEqual(['origin_state']);
    expect(upstreamKey(example('flights/late-arrivals.pipeline.json'), 'hourly')).toEqual(['origin']);
    expect(upstreamKey(example('patterns/account-takeover.pipeline.json'), 'alerts')).toEqual(['user']);

    const rows = [
      { origin: 'A', window_start: 's0', window_end: 'e0', n: 1 },
      { origin: 'A', window_start: 's1', window_end: 'e1', n: 1 },
    ];
    expect(chooseKey(['origin'], rows, [])).toEqual(['origin', 'window_start', 'window_end']);
    // A window that fired twice (allowed lateness) repeats its key: no key then.
    expect(chooseKey(['origin'], [...rows, rows[0] as (typeof rows)[number]], [])).toBeUndefined();
    // Alerts keyed by user, where a user may have several: no key.
    expect(chooseKey(['user'], [{ user: 'a' }, { user: 'a' }], [])).toBeUndefined();
    expect(chooseKey(['user'], [{ user: 'a' }], [{ user: 'b' }])).toEqual(['user']);
  });
});
