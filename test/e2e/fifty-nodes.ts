/**
 * A 50-node pipeline for the frame-budget trace: a generator, a chain of 31 maps and filters
 * (filters that keep every record, so the whole chain stays busy), then six branches of
 * map → keyed window → preview sink. Laid out on a grid so the canvas shows every node.
 */
interface Node {
  id: string;
  type: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
  code?: string;
}

interface Edge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

const CHAIN = 31;
const BRANCHES = 6;
const WINDOWS = [
  { type: 'tumblingWindow', config: { size: '1h' } },
  { type: 'slidingWindow', config: { size: '3h', slide: '1h' } },
  { type: 'sessionWindow', config: { gap: '30m' } },
] as const;

export function fiftyNodePipeline(count: number): { version: 1; name: string; nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const link = (source: string, target: string): void => {
    edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target, targetPort: 'in' });
  };
  const at = (col: number, row: number): { x: number; y: number } => ({ x: col * 260, y: row * 170 });

  nodes.push({ id: 'gen', type: 'generator', position: at(0, 0), config: { count, keys: 50, step: 1000 } });
  let previous = 'gen';
  for (let i = 1; i <= CHAIN; i++) {
    const id = `step_${i}`;
    const filter = i % 2 === 0;
    nodes.push({
      id,
      type: filter ? 'filter' : 'map',
      position: at(i % 8, Math.floor(i / 8)),
      config: {},
      code: filter ? 'event.value >= 0' : `({ ...event, v${i % 4}: event.value + ${i} })`,
    });
    link(previous, id);
    previous = id;
  }
  for (let b = 1; b <= BRANCHES; b++) {
    const window = WINDOWS[(b - 1) % WINDOWS.length] ?? WINDOWS[0];
    const row = 4 + Math.floor((b - 1) / 2);
    const col = ((b - 1) % 2) * 3;
    nodes.push({ id: `prep_${b}`, type: 'map', position: at(col, row), config: {}, code: `({ ...event, branch: ${b} })` });
    nodes.push({
      id: `win_${b}`,
      type: window.type,
      position: at(col + 1, row),
      config: { ...window.config, key: { fields: ['key'] }, aggregates: [{ name: 'n', fn: 'count' }, { name: 'total', fn: 'sum', field: 'value' }] },
    });
    nodes.push({ id: `sink_${b}`, type: 'previewSink', position: at(col + 2, row), config: { limit: 100 } });
    link(previous, `prep_${b}`);
    link(`prep_${b}`, `win_${b}`);
    link(`win_${b}`, `sink_${b}`);
  }
  return { version: 1, name: 'Fifty nodes', nodes, edges };
}
