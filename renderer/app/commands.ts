/**
 * Every toolbar action as a command, for the command palette (Ctrl/Cmd+K): id, title, group,
 * shortcut (as in `shortcuts.ts`) and what it does. `enabled` mirrors the toolbar button's
 * disabled state, so the palette never offers what the toolbar refuses.
 */
import type { LucideIcon } from 'lucide-react';
import {
  BadgeCheck, Contrast, Eye, FileDiff, FilePlus, FlaskConical, FolderOpen, GitCompare, Keyboard, LayoutGrid, Maximize, PackageOpen, Pause, Play, Redo2, Save, SaveAll, ShieldCheck, Square, Undo2, FileCode,
} from 'lucide-react';
import { useEditor } from '../store/editor-store.ts';
import { newDocument, saveDocument } from '../files/file-actions.ts';
import { exportPipeline } from '../files/export-action.ts';
import { checkAgainstFlink, exportFlinkJob } from '../flink/flink-actions.ts';
import { acceptAsGolden, compareWithSaved, pickCompareFile, runPipelineTests } from '../tests/tests-actions.ts';
import { pauseRun, resumeRun, startRun, stopRun } from '../run/run-actions.ts';
import { cycleTheme } from '../theme/theme.ts';

export interface Command {
  id: string;
  title: string;
  group: 'File' | 'Edit' | 'View' | 'Run' | 'Flink' | 'Tests';
  shortcut?: string;
  icon: LucideIcon;
  enabled(): boolean;
  run(): void;
}

/** Handlers that live in the editor's React tree (they need the canvas). */
export interface ViewHandlers {
  layout(): void;
  fit(): void;
  toggleHelp(): void;
}

const always = (): boolean => true;
const status = (): string => useEditor.getState().runStatus;
const live = (): boolean => ['running', 'paused', 'starting'].includes(status());

/** Clicks a toolbar control by test id (Open… needs the button's file input as a fallback). */
function click(testId: string): void {
  document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.click();
}

/** The commands, in the order the palette lists them before any search. */
export function commands(view: ViewHandlers): Command[] {
  return [
    { id: 'run', title: 'Run the pipeline', group: 'Run', shortcut: 'Ctrl+Enter', icon: Play, enabled: () => !live(), run: () => void startRun() },
    { id: 'pause', title: 'Pause the run', group: 'Run', icon: Pause, enabled: () => status() === 'running', run: pauseRun },
    { id: 'resume', title: 'Resume the run', group: 'Run', icon: Play, enabled: () => status() === 'paused', run: resumeRun },
    { id: 'stop', title: 'Stop the run', group: 'Run', icon: Square, enabled: live, run: stopRun },
    { id: 'new', title: 'New pipeline', group: 'File', icon: FilePlus, enabled: always, run: newDocument },
    { id: 'open', title: 'Open…', group: 'File', icon: FolderOpen, enabled: always, run: () => click('open-button') },
    { id: 'save', title: 'Save', group: 'File', shortcut: 'Ctrl+S', icon: Save, enabled: always, run: () => void saveDocument() },
    { id: 'save-as', title: 'Save as…', group: 'File', shortcut: 'Ctrl+Shift+S', icon: SaveAll, enabled: always, run: () => void saveDocument(true) },
    { id: 'export', title: 'Export job bundle…', group: 'File', icon: PackageOpen, enabled: always, run: () => void exportPipeline() },
    { id: 'export-flink', title: 'Export to Flink SQL…', group: 'Flink', icon: FileCode, enabled: always, run: () => void exportFlinkJob() },
    { id: 'flink-check', title: 'Check against Flink', group: 'Flink', icon: ShieldCheck, enabled: always, run: () => void checkAgainstFlink() },
    { id: 'run-tests', title: 'Run pipeline tests', group: 'Tests', icon: FlaskConical, enabled: always, run: () => void runPipelineTests() },
    { id: 'accept-golden', title: 'Accept current output as golden', group: 'Tests', icon: BadgeCheck, enabled: always, run: () => void acceptAsGolden() },
    { id: 'compare-saved', title: 'Compare with saved', group: 'Tests', icon: GitCompare, enabled: always, run: () => void compareWithSaved() },
    { id: 'compare-file', title: 'Compare with file…', group: 'Tests', icon: FileDiff, enabled: always, run: () => void pickCompareFile() },
    { id: 'undo', title: 'Undo', group: 'Edit', shortcut: 'Ctrl+Z', icon: Undo2, enabled: always, run: () => useEditor.getState().undo() },
    { id: 'redo', title: 'Redo', group: 'Edit', shortcut: 'Ctrl+Shift+Z', icon: Redo2, enabled: always, run: () => useEditor.getState().redo() },
    { id: 'layout', title: 'Auto-layout', group: 'View', shortcut: 'Shift+L', icon: LayoutGrid, enabled: always, run: view.layout },
    { id: 'fit', title: 'Zoom to fit', group: 'View', shortcut: 'Shift+F', icon: Maximize, enabled: always, run: view.fit },
    { id: 'peek', title: 'Peek at all nodes’ records', group: 'View', icon: Eye, enabled: always, run: () => useEditor.getState().togglePeek() },
    { id: 'theme', title: 'Change theme (system, light, dark)', group: 'View', icon: Contrast, enabled: always, run: cycleTheme },
    { id: 'help', title: 'Keyboard shortcuts', group: 'View', shortcut: '?', icon: Keyboard, enabled: always, run: view.toggleHelp },
  ];
}

/**
 * The commands matching `query`: every word of it must occur in the title or group
 * (case-insensitive); titles starting with the query come first.
 */
export function filterCommands(list: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return list;
  const hits = list.filter((c) => words.every((w) => `${c.title} ${c.group}`.toLowerCase().includes(w)));
  const q = query.trim().toLowerCase();
  return [...hits.filter((c) => c.title.toLowerCase().startsWith(q)), ...hits.filter((c) => !c.title.toLowerCase().startsWith(q))];
}
