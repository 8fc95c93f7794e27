/** Keyboard shortcuts, listed once for both the handler and the help overlay. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+K', what: 'command palette: every action, searchable' },
  { keys: 'Ctrl+Z', what: 'undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', what: 'redo' },
  { keys: 'Ctrl+C / Ctrl+V', what: 'copy / paste selected nodes' },
  { keys: 'Ctrl+D', what: 'duplicate selected nodes' },
  { keys: 'Ctrl+A', what: 'select all nodes' },
  { keys: 'Delete / Backspace', what: 'delete the selection' },
  { keys: 'Shift+click, drag a box with Shift', what: 'multi-select' },
  { keys: 'Ctrl+S / Ctrl+Shift+S', what: 'save / save as' },
  { keys: 'Ctrl+Enter', what: 'run' },
  { keys: 'Shift+L', what: 'auto-layout' },
  { keys: 'Shift+F', what: 'zoom to fit' },
  { keys: '?', what: 'this help' },
];
