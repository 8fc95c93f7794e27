/**
 * The engine's user-code API (`engine/udf/user-api.ts`, imported as text) as a global
 * declaration file for Monaco: the same types the engine implements, so hover types and errors
 * in the editor are the engine's own. `Ctx` names the process function's context.
 */
import source from '../../engine/udf/user-api.ts?raw';

/** `export` removed: in a global declaration file every type is visible to the node's code. */
export function userApiDeclarations(text: string = source): string {
  return `${text.replace(/^export (type|interface) /gm, '$1 ')}\ntype Ctx = ProcessContext;\n`;
}
