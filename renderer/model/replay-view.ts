/**
 * What the studio shows about replay modes (`engine/pipeline/replay.ts`): the mode a run of the
 * document would use, as the short label source nodes carry, and the document's setting as the
 * inspector edits it. A source is a node type without input ports.
 */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { ReplaySettingsSchema, replayLabel, resolveReplay, type ResolvedReplay } from '../../engine/pipeline/replay.ts';
import type { EditorDocument } from './editor-document.ts';

/** How many nodes of `doc` are sources. */
export function sourceCount(doc: EditorDocument): number {
  return doc.nodes.filter((n) => nodeTypeSpec(n.type)?.inputs.length === 0).length;
}

/** The replay a run would use; an invalid setting (the problems list names it) counts as absent. */
export function documentReplay(doc: EditorDocument): ResolvedReplay {
  const parsed = ReplaySettingsSchema.safeParse(doc.settings?.replay ?? {});
  return resolveReplay(parsed.success ? parsed.data : undefined, sourceCount(doc));
}

/** The label on source nodes (`aligned`, `drift ≤ 30s`, `chunked`): only with several sources or a chosen mode. */
export function sourceReplayLabel(doc: EditorDocument): string | undefined {
  const replay = documentReplay(doc);
  return sourceCount(doc) > 1 || replay.explicit ? replayLabel(replay) : undefined;
}
