/** The app: start screen or editor, and the toasts; wires host events, autosave, the window title and the native menu. */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useEditor } from '../store/editor-store.ts';
import { host } from '../host/get-host.ts';
import { handleHostEvent } from '../run/run-actions.ts';
import { startAutosave } from '../files/autosave.ts';
import { StartScreen } from '../start/StartScreen.tsx';
import { Editor } from './Editor.tsx';
import { useShell } from './use-shell.ts';
import { Toaster } from '../ui/Toaster.tsx';

export function App() {
  const opened = useEditor((s) => s.opened);
  useEffect(() => host().onEvent(handleHostEvent), []);
  useEffect(() => startAutosave(), []);
  useShell();
  return (
    <ReactFlowProvider>
      {opened ? <Editor /> : <StartScreen />}
      <Toaster />
    </ReactFlowProvider>
  );
}
