/**
 * The pieces of a job bundle: parameters (generic over node types, Kafka included), the
 * compiled-code table, Prometheus rendering, the .tgz writer, and the watchdog and code check
 * of a real exported job.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupCompiler, recordingCompiler } from '../../engine/launch/compiled-code.ts';
import { collectParams, paramEnvName, resolveParams } from '../../engine/export/params.ts';
import { renderPrometheus } from '../../engine/export/prometheus.ts';
import { tgz } from '../../engine/export/tar.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { compileUserCode } from '../../engine/udf/compile.ts';
import type { NodeMetricsSnapshot } from '../../engine/runtime/metrics.ts';
import { tempDir } from '../cli/run-cli.ts';
import { exportAndInstall, startJob } from './bundle-fixture.ts';

const kafkaDoc = {
  nodes: [
    { id: 'orders', type: 'kafkaSource', config: { brokers: ['a:9092'], topics: ['orders'] } },
    { id: 'rates', type: 'lookupJoin', config: { table: 'rates.csv' } },
    { id: 'out-file', type: 'fileSink', config: {} },
    { id: 'results', type: 'kafkaSink', config: { brokers: ['a:9092'], topic: 'results' } },
  ],
};

describe('job parameters', () => {
  it('come from every path, table, brokers, topic and topics field, Kafka nodes included', () => {
    const params = collectParams(kafkaDoc);
    expect(params.map((p) => [p.name, p.kind, p.env])).toEqual([
      ['orders.brokers', 'list', 'TRIBUTARY_PARAM_ORDERS_BROKERS'],
      ['orders.topics', 'list', 'TRIBUTARY_PARAM_ORDERS_TOPICS'],
      ['rates.table', 'path', 'TRIBUTARY_PARAM_RATES_TABLE'],
      ['out-file.path', 'path', 'TRIBUTARY_PARAM_OUT_FILE_PATH'],
      ['results.brokers', 'list', 'TRIBUTARY_PARAM_RESULTS_BROKERS'],
      ['results.topic', 'text', 'TRIBUTARY_PARAM_RESULTS_TOPIC'],
    ]);
    expect(paramEnvName('hourly.path')).toBe('TRIBUTARY_PARAM_HOURLY_PATH');
  });

  it('apply --param over environment over params file, with lists and cwd-relative paths', () => {
    const params = collectParams(kafkaDoc);
    const { values, overrides } = resolveParams(params, {
      cwd: '/srv/job',
      file: { 'results.topic': 'from-file', 'rates.table': '/data/rates.csv' },
      env: { TRIBUTARY_PARAM_RESULTS_TOPIC: 'from-env', TRIBUTARY_PARAM_ORDERS_BROKERS: 'b:9092, c:9092' },
      assignments: ['results.topic=from-cli', 'out-file.path=out/x.jsonl', 'orders.topics=["x","y"]'],
    });
    expect(Object.fromEntries(values)).toEqual({
      'results.topic': 'from-cli',
      'rates.table': '/data/rates.csv',
      'orders.brokers': ['b:9092', 'c:9092'],
      'out-file.path': '/srv/job/out/x.jsonl',
      'orders.topics': ['x', 'y'],
    });
    expect(overrides).toContain('orders.brokers=["b:9092","c:9092"]');
    expect(() => resolveParams(params, { cwd: '/', assignments: ['orders.path=x'] })).toThrow(/unknown parameter "orders.path"/);
    expect(() => resolveParams(params, { cwd: '/', assignments: ['novalue'] })).toThrow(/expected name=value/);
  });
});

describe('compiled code', () => {
  it('validates with the code recorded at export, and flags code edited since', () => {
    const doc = {
      version: 1,
      name: 't',
      nodes: [
        { id: 'src', type: 'values', config: { rows: [{ ts: 1, k: 'a' }], time: { mode: 'event', field: 'ts' } } },
        { id: 'f', type: 'filter', code: 'event.k === "a"' },
        { id: 'w', type: 'tumblingWindow', config: { key: { expression: 'event.k' }, size: '1m', aggregates: [{ name: 'n', fn: 'count' }] } },
        { id: 'out', type: 'previewSink' },
      ],
      edges: [
        { id: 'e1', source: 'src', target: 'f' },
        { id: 'e2', source: 'f', target: 'w' },
        { id: 'e3', source: 'w', target: 'out' },
      ],
    };
    const recorder = recordingCompiler(compileUserCode);
    const atExport = validatePipeline(doc, recorder.compile);
    expect(atExport.ok).toBe(true);
    expect(Object.keys(recorder.table)).toHaveLength(2);
    const atRun = validatePipeline(doc, lookupCompiler(recorder.table));
    expect(atRun.ok && atExport.ok && atRun.pipeline.nodes.map((n) => [n.js, n.expressions])).toEqual(atExport.ok && atExport.pipeline.nodes.map((n) => [n.js, n.expressions]));
    const edited = validatePipeline({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'f' ? { ...n, code: 'true' } : n)) }, lookupCompiler(recorder.table));
    expect(edited.ok ? [] : edited.problems.map((p) => `${p.code} ${p.nodeId} ${p.message}`)).toEqual(['TRB011 f this code was changed after the bundle was exported; export the pipeline again']);
  });
});

describe('prometheus text', () => {
  it('has one series per node and counter, escaped labels, +Inf for the final watermark', () => {
    const node = (nodeId: string, finished: boolean): NodeMetricsSnapshot => ({
      nodeId, type: 'map', in: 5, accepted: 4, filtered: 1, late: 0, errors: 0, out: 4, emitted: { out: 4, errors: 0 },
      inputWatermark: 1000, outputWatermark: finished ? null : 999, finished, maxEventTime: 1000, idle: false, stateKeys: 0, progress: null, backpressuredMs: 0, partitions: null, balanced: true,
    });
    const text = renderPrometheus({ nodes: [node('a"b', false), node('c', true)], checkpoints: [{ id: 3, durationMs: 12, alignmentMs: 1, bytes: 2048, keys: 7 }], uptimeMs: 1500 });
    expect(text).toContain('tributary_node_records_in_total{node="a\\"b",type="map"} 5');
    expect(text).toContain('tributary_node_output_watermark_milliseconds{node="a\\"b",type="map"} 999');
    expect(text).toContain('tributary_node_output_watermark_milliseconds{node="c",type="map"} +Inf');
    expect(text).toContain('tributary_node_records_emitted_total{node="c",type="map",port="errors"} 0');
    expect(text).toContain('tributary_checkpoint_last_size_bytes 2048');
    expect(text).toContain('tributary_checkpoints_completed_total 1');
    expect(text).toContain('tributary_job_uptime_seconds 1.5');
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('tgz', () => {
  it('is read back by tar', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.tgz'), tgz([{ name: 'b/x.txt', data: Buffer.from('hello\n') }, { name: 'b/empty', data: Buffer.alloc(0) }]));
    const out = join(dir, 'out');
    mkdirSync(out);
    const r = spawnSync('tar', ['-xzf', join(dir, 'b.tgz'), '-C', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'b/x.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(out, 'b/empty'), 'utf8')).toBe('');
  });
});

describe('an exported job with user code', () => {
  it('fails with a message naming the node when its code does not return, and refuses code edited after export', async () => {
    const dir = tempDir();
    const pipeline = join(dir, 'spin.pipeline.json');
    const doc = {
      version: 1,
      name: 'spin',
      settings: { udfTimeoutMs: 300 },
      nodes: [
        { id: 'gen', type: 'generator', config: { count: 10 } },
        { id: 'spin', type: 'filter', code: 'while (event.seq >= 0) {}\nreturn true;' },
        { id: 'out', type: 'fileSink', config: { path: 'out.jsonl' } },
      ],
      edges: [
        { id: 'e1', source: 'gen', target: 'spin' },
        { id: 'e2', source: 'spin', target: 'out' },
      ],
    };
    writeFileSync(pipeline, JSON.stringify(doc));
    const bundle = exportAndInstall(pipeline);
    const spun = await startJob(bundle.dir, ['--no-progress']).done;
    expect(spun.code).toBe(1);
    expect(spun.stderr).toContain('job failed: TRB102 node spin: user code did not return within 300 ms; the run was stopped');

    const bundled = join(bundle.dir, 'pipeline.json');
    writeFileSync(bundled, readFileSync(bundled, 'utf8').replace('while (event.seq >= 0) {}', ''));
    const edited = await startJob(bundle.dir, ['--no-progress']).done;
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('TRB011 node spin, field code, code 1:1: this code was changed after the bundle was exported');
  }, 60_000);
});
