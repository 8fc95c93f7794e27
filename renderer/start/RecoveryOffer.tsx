/**
 * The start screen's offer of the autosaved recovery copy: unsaved changes of the last session
 * (closed, reloaded or crashed). Recovering opens it as unsaved; the copy stays until the
 * document is saved, so a second crash loses nothing either. Discard forgets it.
 */
import { useState } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { clearRecovery, readRecovery, recoveredTrust } from '../files/autosave.ts';
import { leaveDocument } from '../run/run-actions.ts';

export function RecoveryOffer() {
  const [recovery, setRecovery] = useState(readRecovery);
  if (!recovery) return null;
  const when = new Date(recovery.savedAt).toLocaleString();
  return (
    <div className="recovery" data-testid="recovery-offer">
      <span>
        Unsaved changes to <strong>{recovery.doc.name}</strong> from {when}.
      </span>
      <button
        type="button"
        data-testid="recover"
        onClick={() => {
          leaveDocument();
          useEditor.getState().openDocument(recovery.doc, recovery.location, recoveredTrust(recovery));
          useEditor.setState({ dirty: true });
        }}
      >
        Recover
      </button>
      <button
        type="button"
        data-testid="discard-recovery"
        onClick={() => {
          clearRecovery();
          setRecovery(undefined);
        }}
      >
        Discard
      </button>
    </div>
  );
}
