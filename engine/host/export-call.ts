/**
 * The host's `exportBundle` call (File → Export in the editor): writes the document's job
 * bundle with `exportDocument` (and the tests beside the document's file) into a workspace
 * folder, default `exports/<pipeline name slug>`, and answers with the folder, total size and
 * files. An invalid pipeline is refused with an error whose message lists its problems as
 * `tributary validate` prints them.
 */
import { exportDocument, slug } from '../export/bundle.ts';
import { formatProblem } from '../pipeline/problems.ts';
import type { CallArgsParsed, CallResult } from './protocol.ts';

/** The pipeline's name in a (possibly invalid) document, else `pipeline`. */
function documentName(document: unknown): string {
  const name = typeof document === 'object' && document !== null ? (document as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : 'pipeline';
}

/**
 * Exports `args.document`. `inside` resolves a workspace-relative path and refuses any outside;
 * `testFile` is the test file beside the document's file, bundled with it when it exists.
 * @throws Error listing the problems of an invalid pipeline, or when bundling fails.
 */
export async function exportBundleCall(args: CallArgsParsed<'exportBundle'>, inside: (path: string) => string, testFile?: string): Promise<Omit<CallResult<'exportBundle'>, 'shown'>> {
  const name = slug(documentName(args.document));
  const outDir = inside(args.outDir ?? `exports/${name}`);
  const result = await exportDocument({ document: args.document, sourceFile: `${name}.pipeline.json`, outDir, testFile });
  if (!result.ok) {
    if (result.kind === 'unreadable') throw new Error(result.message);
    if (result.kind === 'tests') throw new Error(`Export refused: ${result.message}`);
    const count = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
    throw new Error(`Export refused: the pipeline has ${count}:\n${result.problems.map((p) => formatProblem(p)).join('\n')}`);
  }
  return { dir: result.dir, bytes: result.files.reduce((n, f) => n + f.bytes, 0), files: result.files };
}
