/** Open a `.pipeline.json`: the native dialog in Electron, a file upload in the browser. */
import { useRef } from 'react';
import { FolderOpen } from 'lucide-react';
import { openUploaded, openWithDialog } from './file-actions.ts';

export function OpenButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="open-button" onClick={() => void openWithDialog().then((done) => done || input.current?.click())} title="Open a .pipeline.json">
        <FolderOpen size={15} aria-hidden="true" /> Open…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void openUploaded(file).catch((err: Error) => window.alert(err.message));
          e.target.value = '';
        }}
      />
    </>
  );
}
