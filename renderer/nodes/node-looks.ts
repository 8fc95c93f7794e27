/**
 * The canvas colour of each node category. A node type's icon and summary are data in its
 * spec (`spec.look`, in `engine/nodes/<type>/spec.ts`); only the colour, a theme matter, lives
 * here, so every node type in the catalog has a look by construction.
 */
import type { NodeCategory } from '../../engine/pipeline/node-spec.ts';

export const CATEGORY_COLORS: Record<NodeCategory, string> = {
  source: '#2f855a',
  transform: '#2b6cb0',
  window: '#c05621',
  join: '#b7791f',
  sink: '#4a5568',
};
