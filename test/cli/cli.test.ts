/** The `tributary` CLI as a user meets it: exit codes, messages that name the place, overrides. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from './run-cli.ts';
import { NODE_TYPES } from '../../engine/nodes/catalog.ts';

const example = JSON.parse(readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), 'utf8')) as {
  nodes: { id: string; type: string; config: Record<string, unknown>; code?: string }[];
  edges: { id: string; source: string; target: string }[];
};

/** Writes a variant of the delays-by-origin example into the examples folder's sibling temp dir. */
function variant(change: (doc: typeof example) => void): string {
  const doc = structuredClone(example);
  change(doc);
  for (const n of doc.nodes) if (typeof n.config.path === 'string' && n.type === 'fileSource') n.config.path = join(REPO, 'examples/data/flights-20k.jsonl');
  const file = join(tempDir(), 'variant.pipeline.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('tributary validate', () => {
  it('accepts the examples with exit code 0', () => {
    for (const name of ['delays-by-origin', 'route-enrichment', 'late-arrivals']) {
      const r = tributary(['validate', `examples/flights/${name}.pipeline.json`]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('valid');
    }
  });

  it('lists every problem at once, naming node, field and line:column, with exit code 1', () => {
    const file = variant((doc) => {
      const filter = doc.nodes.find((n) => n.id === 'delayed');
      if (filter) filter.code = 'event.delay >';
      const window = doc.nodes.find((n) => n.id === 'per_hour');
      if (window) window.config.size = '-1h';
      doc.nodes.push({ id: 'mystery', type: 'teleport', config: {} });
      doc.edges = doc.edges.filter((e) => e.id !== 'e4');
    });
    const r = tributary(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TRB011 node delayed, field code, code 1:\d+:/);
    expect(r.stderr).toContain('TRB005 node per_hour, field size:');
    expect(r.stderr).toContain('TRB003 node mystery, field type: unknown node type "teleport"');
    expect(r.stderr).toContain('TRB009 node hourly, field input in: input "in" is not connected');
    expect(r.stderr).toContain('4 problems');
  });

  it('reports malformed JSON with line and column', () => {
    const file = join(tempDir(), 'broken.pipeline.json');
    writeFileSync(file, '{\n  "version": 1,\n  "name": "x",\n  nodes: []\n}\n');
    const r = tributary(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TRB001 line 4:\d+/);
  });

  it('refuses an unknown document version clearly', () => {
    const file = variant((doc) => Object.assign(doc, { version: 7 }));
    const r = tributary(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unsupported document version 7: this build reads version 1');
  });

  it('exits 2 on an unreadable file', () => {
    const r = tributary(['validate', 'no/such/file.pipeline.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('prints problems as JSON with --json', () => {
    const file = variant((doc) => doc.nodes.push({ id: 'x', type: 'nope', config: {} }));
    const r = tributary(['validate', file, '--json']);
    expect(r.status).toBe(1);
    const parsed = JSON.parse(r.stdout) as { valid: boolean; problems: { code: string; nodeId: string }[] };
    expect(parsed.valid).toBe(false);
    expect(parsed.problems).toContainEqual(expect.objectContaining({ code: 'TRB003', nodeId: 'x' }));
  });
});

describe('tributary run', () => {
  it('applies --set overrides and prints a JSON summary', () => {
    const out = tempDir();
    const r = tributary(['run', 'examples/flights/delays-by-origin.pipeline.json', '--out', out, '--json', '--set', 'per_hour.size="1d"', '--set', 'delayed.code=event.delay > 60']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { nodes: { nodeId: string; accepted: number; out: number }[] };
    const rows = readFileSync(join(out, 'hourly.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows[0]?.window_end).toBe('2001-01-02T00:00:00.000Z');
    const delayed = summary.nodes.find((n) => n.nodeId === 'delayed');
    const expected = readFileSync(join(REPO, 'examples/data/flights-20k.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => (JSON.parse(l) as { delay: number }).delay > 60).length;
    expect(delayed?.accepted).toBe(expected);
  });

  it('prints a per-node summary table and the rate on stderr', () => {
    const r = tributary(['run', 'examples/flights/delays-by-origin.pipeline.json', '--out', tempDir()]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/per_hour\s*│\s*tumblingWindow/);
    expect(r.stderr).toMatch(/finished: 20,000 records read in [\d.]+ s/);
  });

  it('fails with a one-line reason naming the node when a file is missing', () => {
    const file = variant((doc) => {
      const src = doc.nodes.find((n) => n.id === 'flights');
      if (src) src.config.path = '/nonexistent/flights.jsonl';
    });
    // variant() rewrites source paths; put the bad one back after it.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as typeof example;
    const src = doc.nodes.find((n) => n.id === 'flights');
    if (src) src.config.path = '/nonexistent/flights.jsonl';
    writeFileSync(file, JSON.stringify(doc));
    const r = tributary(['run', file, '--out', tempDir()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/run failed: TRB104 node flights: .*ENOENT/);
  });

  it('rejects a bad --speed with exit code 2', () => {
    const r = tributary(['run', 'examples/flights/delays-by-origin.pipeline.json', '--speed', 'fast']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--speed takes "max" or a positive number');
  });

  it('runs a file sink without --out to its configured path, relative to the pipeline file', () => {
    const dir = tempDir();
    const file = variant((doc) => {
      const sink = doc.nodes.find((n) => n.id === 'hourly');
      if (sink) sink.config.path = join(dir, 'custom.jsonl');
    });
    const r = tributary(['run', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'custom.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(8000);
  });
});

describe('tributary nodes', () => {
  it('lists every node type with its fields', () => {
    const r = tributary(['nodes']);
    expect(r.status).toBe(0);
    for (const type of ['fileSource', 'tumblingWindow', 'intervalJoin', 'lookupJoin', 'previewSink']) expect(r.stdout).toContain(type);
    expect(r.stdout).toContain('allowedLateness');
    const json = JSON.parse(tributary(['nodes', '--json']).stdout) as { type: string }[];
    // One entry per node type of the catalog (its folders; test/pipeline/catalog.test.ts checks those).
    expect(json.length).toBe(Object.keys(NODE_TYPES).length);
  });
});
