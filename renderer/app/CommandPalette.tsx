/**
 * The command palette (Ctrl/Cmd+K): a search box over every toolbar action with its shortcut.
 * Arrow keys move the selection (it wraps), Enter runs the selected command and closes, Escape
 * closes; disabled commands are listed but skipped. A combobox with a listbox, so screen
 * readers follow the active option (`aria-activedescendant`).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Search } from 'lucide-react';
import { commands, filterCommands, type ViewHandlers } from './commands.ts';

/** Rendered only while open; `onClose` is called after a command ran or on Escape/backdrop. */
export function CommandPalette({ view, onClose }: { view: ViewHandlers; onClose(): void }) {
  const all = useMemo(() => commands(view), [view]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const shown = filterCommands(all, query);
  const enabled = shown.map((c) => c.enabled());
  const clamped = Math.min(active, Math.max(0, shown.length - 1));
  const index = enabled[clamped] ? clamped : Math.max(0, enabled.indexOf(true));
  useEffect(() => {
    input.current?.focus();
  }, []);
  const activeId = shown[index]?.id;
  useEffect(() => {
    if (activeId) document.getElementById(`command-${activeId}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const move = (step: number): void => {
    if (shown.length === 0) return;
    let i = index;
    for (let n = 0; n < shown.length; n++) {
      i = (i + step + shown.length) % shown.length;
      if (enabled[i]) break;
    }
    setActive(i);
  };
  const runAt = (i: number): void => {
    const c = shown[i];
    if (!c || !enabled[i]) return;
    onClose();
    c.run();
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter') runAt(index);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="overlay palette-overlay" onMouseDown={onClose} data-testid="command-palette-backdrop">
      <div className="command-palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette" onMouseDown={(e) => e.stopPropagation()}>
        <div className="command-search">
          <Search size={16} aria-hidden="true" />
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls="command-list"
            aria-activedescendant={shown[index] ? `command-${shown[index].id}` : undefined}
            aria-label="Search commands"
            placeholder="Type a command…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKey}
            data-testid="command-input"
          />
        </div>
        <ul className="command-list" id="command-list" role="listbox" aria-label="Commands">
          {shown.length === 0 && <li className="empty-state command-empty">No command matches “{query}”. Try “run”, “export” or “theme”.</li>}
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`command-${c.id}`}
              role="option"
              aria-selected={i === index}
              aria-disabled={!enabled[i]}
              className={`command-item${i === index ? ' active' : ''}`}
              data-testid={`command-item-${c.id}`}
              onMouseMove={() => enabled[i] && setActive(i)}
              onClick={() => runAt(i)}
            >
              <c.icon size={15} aria-hidden="true" />
              <span className="command-title">{c.title}</span>
              <span className="command-group">{c.group}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
