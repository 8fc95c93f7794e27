/** Auto-layout with elkjs (layered, left to right), using the nodes' measured sizes. */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { EditorDocument } from '../model/editor-document.ts';

const elk = new ELK();

export async function layoutPositions(
  doc: EditorDocument,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
    },
    children: doc.nodes.map((n) => ({ id: n.id, width: sizes.get(n.id)?.width ?? 220, height: sizes.get(n.id)?.height ?? 100 })),
    edges: doc.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
