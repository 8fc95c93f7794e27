/**
 * The canvas colour of each node category. A node type's icon and summary are data in its
 * spec (`spec.look`, in `engine/nodes/<type>/spec.ts`); only the colour, a theme matter, lives
 * here, as CSS variables of theme/tokens.css, so each theme has its own shade and every node
 * type in the catalog has a look by construction.
 */
import type { NodeCategory } from '../../engine/pipeline/node-spec.ts';

/** `var(--cat-<category>)`, usable in inline styles. */
export const CATEGORY_COLORS: Record<NodeCategory, string> = {
  source: 'var(--cat-source)',
  transform: 'var(--cat-transform)',
  window: 'var(--cat-window)',
  join: 'var(--cat-join)',
  sink: 'var(--cat-sink)',
};
