/**
 * The sql node's bench cases, each the SQL form of a hand-wired node case in `cases.ts`: the
 * delays-by-origin example as one query (examples/flights/sql-delays.pipeline.json) and the keyed
 * 1-minute tumbling count and average over the generator. `run.ts` prints each beside its node
 * form and the ratio (the target: within 20 %).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generator, measure, preview, REPO, type CaseResult } from './cases.ts';

/** examples/flights/sql-delays over the repeated flights at `path`, into a preview sink. */
export function sqlDelaysByOrigin(path: string): Promise<CaseResult> {
  const doc = JSON.parse(readFileSync(join(REPO, 'examples/flights/sql-delays.pipeline.json'), 'utf8')) as {
    nodes: { id: string; type: string; config: Record<string, unknown> }[];
  };
  for (const n of doc.nodes) {
    if (n.id === 'flights') n.config.path = path;
    if (n.id === 'hourly') {
      n.type = 'previewSink';
      n.config = { limit: 10 };
    }
  }
  return measure('sql: delays-by-origin as one query over repeated flights (JSONL, --speed max)', doc, REPO, 'flights');
}

/** generator → sql (TUMBLE 1 min per key: COUNT, AVG) → sink, like `tumblingWindow`. */
export function sqlTumblingWindow(count = 3_000_000): Promise<CaseResult> {
  const query = `SELECT key, window_start, window_end, COUNT(*) AS n, AVG(CAST(\`value\` AS DOUBLE)) AS avg_value
    FROM TABLE(TUMBLE(TABLE source, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE)) GROUP BY key, window_start, window_end`;
  const doc = {
    version: 1,
    name: 'bench-sql-window',
    nodes: [generator(count, 1000), { id: 'window', type: 'sql', config: { query } }, preview],
    edges: [
      { id: 'a', source: 'source', target: 'window' },
      { id: 'b', source: 'window', target: 'sink' },
    ],
  };
  return measure('sql: tumbling window: generator → TUMBLE 1 min per key (COUNT, AVG) → sink', doc, REPO, 'window');
}
