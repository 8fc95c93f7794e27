/**
 * The studio's workspace boundary for the files a pipeline reads: every path a node names
 * (`capabilities.readsFile`: sources, lookup tables, TLS certificates and keys), resolved against
 * the document's folder, must stay inside the host's workspace root — the web editor can be
 * reached by a browser, so `../outside.jsonl` or `/etc/passwd` is refused with a problem naming the
 * node and field. `tributary run` does not apply this: on the command line the user names any path.
 * Paths are compared after `path.resolve` (no symlinks followed, as the host's other file calls).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { valueAt } from '../pipeline/config-path.ts';
import type { Problem } from '../pipeline/problems.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';

/**
 * One TRB018 problem per file path of `pipeline` that resolves outside `root`.
 * @param baseDir absolute folder relative paths resolve against (inside `root`)
 * @param root absolute workspace root
 */
export function pathsOutsideWorkspace(pipeline: ValidPipeline, baseDir: string, root: string): Problem[] {
  const problems: Problem[] = [];
  for (const node of pipeline.nodes) {
    for (const field of node.spec.capabilities.readsFile?.fields ?? []) {
      const path = valueAt(node.config as Record<string, unknown>, field);
      if (typeof path !== 'string' || path === '') continue;
      const rel = relative(root, resolve(baseDir, path));
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) continue;
      problems.push({
        code: 'TRB018',
        nodeId: node.id,
        field,
        message: `"${path}" is outside the workspace (${root}): the studio reads files only inside its workspace; move the file there, or run the pipeline with tributary run, which reads any path`,
      });
    }
  }
  return problems;
}
