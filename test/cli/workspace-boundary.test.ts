// `tributary run` keeps reading any path the user's pipeline names — the studio's workspace
// boundary (TRB018, test/e2e/workspace-boundary.spec.ts) is not the CLI's: `../outside.jsonl`
// resolves against the pipeline file's folder and is read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir, tributary } from './run-cli.ts';

it('reads a path outside the pipeline folder', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'pipelines'));
  const rows = [1, 2, 3].map((v) => ({ ts: v * 1000, v }));
  writeFileSync(join(dir, 'outside.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const file = join(dir, 'pipelines', 'p.pipeline.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      name: 'Reads outside',
      nodes: [
        { id: 'src', type: 'fileSource', position: { x: 0, y: 0 }, config: { path: '../outside.jsonl', time: { mode: 'event', field: 'ts' } } },
        { id: 'latest', type: 'previewSink', position: { x: 300, y: 0 }, config: {} },
      ],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
    }),
  );
  const r = tributary(['run', file, '--json']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toContain('TRB018');
  const summary = JSON.parse(r.stdout) as { nodes: { nodeId: string; out: number }[] };
  expect(summary.nodes.find((n) => n.nodeId === 'src')?.out).toBe(rows.length);
});
