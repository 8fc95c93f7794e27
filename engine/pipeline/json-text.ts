/**
 * JSON text of the files Tributary reads (pipelines, test files): a syntax error becomes a
 * TRB001 problem with line:column. Pure, without the code compiler, so exported bundles use it.
 */
import type { Problem } from './problems.ts';

/** Parses JSON text; a syntax error becomes a TRB001 problem with line:column. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    let line: number | undefined;
    let column: number | undefined;
    if (lineCol) {
      line = Number(lineCol[1]);
      column = Number(lineCol[2]);
    } else if (position) {
      const before = text.slice(0, Number(position[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    return { ok: false, problem: { code: 'TRB001', line, column, message: message.replace(/^JSON\.parse: /, '') } };
  }
}
