/** The editor screen: toolbar, palette, canvas, inspector and bottom panel; the shortcuts help and the command palette. */
import { useCallback, useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { Canvas } from '../canvas/Canvas.tsx';
import { Palette } from '../palette/Palette.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { BottomPanel } from './BottomPanel.tsx';
import { TrustBanner } from './TrustBanner.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { CommandPalette } from './CommandPalette.tsx';
import { useShortcuts } from './use-shortcuts.ts';
import { useValidation } from './use-validation.ts';
import { useLayoutActions } from './use-layout.ts';
import { useEditor } from '../store/editor-store.ts';
import { addNode } from '../model/graph-edits.ts';
import { FlinkCheckPanel } from '../flink/FlinkCheckPanel.tsx';
import { TestsPanel } from '../tests/TestsPanel.tsx';

export function Editor() {
  const [help, setHelp] = useState(false);
  const { layout, fit } = useLayoutActions();
  const flow = useReactFlow();
  const [palette, setPalette] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const togglePalette = useCallback(() => setPalette((p) => !p), []);
  const closePalette = useCallback(() => setPalette(false), []);
  const handlers = useMemo(() => ({ toggleHelp, layout, fit, togglePalette }), [toggleHelp, layout, fit, togglePalette]);
  useShortcuts(handlers);
  useValidation();
  const addAtCenter = useCallback(
    (type: string) => {
      const position = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 3 });
      let id = '';
      useEditor.getState().edit((doc) => {
        const added = addNode(doc, type, position);
        id = added.id;
        return added.doc;
      });
      useEditor.getState().select([id]);
    },
    [flow],
  );
  return (
    <div className="editor" data-testid="editor">
      <EditorToolbar layout={layout} fit={fit} toggleHelp={toggleHelp} togglePalette={togglePalette} />
      <TrustBanner />
      <div className="main">
        <Palette onAdd={addAtCenter} />
        <Canvas />
        <Inspector />
      </div>
      <BottomPanel />
      <FlinkCheckPanel />
      <TestsPanel />
      {help && <ShortcutsHelp onClose={toggleHelp} />}
      {palette && <CommandPalette view={handlers} onClose={closePalette} />}
    </div>
  );
}
