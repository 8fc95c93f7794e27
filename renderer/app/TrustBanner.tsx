/**
 * The workspace-trust banner: a document opened from an untrusted folder (or uploaded) shows
 * its code-bearing nodes and runs none of them — no run, no samples, no input inference —
 * until the user trusts it. Trust is remembered per folder by the host (`trust.json`).
 */
import { useState } from 'react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useEditor } from '../store/editor-store.ts';
import { trustDocument } from '../files/file-actions.ts';

/** The nodes that carry code: their own code, or an expression in a config field. */
function codeBearing(nodes: readonly { id: string; type: string; code?: string; config: Record<string, unknown> }[]): string[] {
  return nodes
    .filter((n) => {
      const spec = nodeTypeSpec(n.type);
      if (n.code?.trim()) return true;
      return (spec?.capabilities.expressionFields ?? []).some((f) => typeof (n.config[f] as { expression?: unknown } | undefined)?.expression === 'string');
    })
    .map((n) => `${n.id} (${n.type})`);
}

export function TrustBanner() {
  const trust = useEditor((s) => s.trust);
  const nodes = useEditor((s) => s.doc.nodes);
  const path = useEditor((s) => s.location.path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (trust.state !== 'untrusted') return null;
  const code = codeBearing(nodes);
  const where = trust.folder !== undefined ? `its folder ${trust.folder}` : path === undefined ? 'an uploaded file' : 'its folder';
  return (
    <div className="trust-banner" role="alert" data-testid="trust-banner">
      <strong>Restricted: this pipeline's code has not run.</strong> It comes from {where}, which you have not trusted.
      {code.length > 0 ? (
        <span data-testid="trust-code-nodes"> Nodes with code: {code.join(', ')}.</span>
      ) : (
        <span> It has no code nodes.</span>
      )}{' '}
      Read the code, then trust it to run, sample or type-check it.
      <button
        type="button"
        data-testid="trust-button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          trustDocument().then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError((e as Error).message);
            },
          );
        }}
      >
        {trust.folder !== undefined ? 'Trust this folder' : 'Trust this document'}
      </button>
      {error && <span className="dim"> {error}</span>}
    </div>
  );
}
