/** Every node type of the engine catalog, grouped by category, searchable, draggable onto the canvas. */
import { useState, type DragEvent } from 'react';
import { NODE_TYPE_IDS, NODE_TYPES } from '../../engine/nodes/catalog.ts';
import { CATEGORY_COLORS } from '../nodes/node-looks.ts';
import { nodeIcon } from '../nodes/node-icons.ts';
import { NODE_DRAG_TYPE } from './drag-type.ts';

const CATEGORIES = ['source', 'transform', 'window', 'join', 'sink'] as const;

function PaletteIcon({ name, color }: { name: string; color: string }) {
  const Icon = nodeIcon(name);
  return <Icon size={15} className="palette-icon" style={{ color }} aria-hidden="true" />;
}

export function Palette({ onAdd }: { onAdd(type: string): void }) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const matches = NODE_TYPE_IDS.filter((t) => !q || t.toLowerCase().includes(q) || NODE_TYPES[t].label.toLowerCase().includes(q) || NODE_TYPES[t].description.toLowerCase().includes(q));
  const onDragStart = (e: DragEvent, type: string): void => {
    e.dataTransfer.setData(NODE_DRAG_TYPE, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette nokey" data-testid="palette">
      <input className="palette-search" type="search" aria-label="Search node types" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      {matches.length === 0 && <p className="empty-state" data-testid="palette-empty">No node type matches “{query}”: try “window”, “kafka” or “join”.</p>}
      {CATEGORIES.map((cat) => {
        const items = matches.filter((t) => NODE_TYPES[t].category === cat);
        if (items.length === 0) return null;
        return (
          <section key={cat}>
            <h4>{cat}s</h4>
            {items.map((t) => (
              // A button: Enter or Space adds the node at the viewport centre (a keyboard click has
              // `detail` 0); the mouse drags it, or double-clicks to add.
              <button
                type="button"
                key={t}
                className="palette-item"
                draggable
                onDragStart={(e) => onDragStart(e, t)}
                onClick={(e) => e.detail === 0 && onAdd(t)}
                onDoubleClick={() => onAdd(t)}
                title={NODE_TYPES[t].description}
                data-testid={`palette-item-${t}`}
              >
                <PaletteIcon name={NODE_TYPES[t].look.icon} color={CATEGORY_COLORS[cat]} />
                {NODE_TYPES[t].label}
              </button>
            ))}
          </section>
        );
      })}
    </aside>
  );
}
