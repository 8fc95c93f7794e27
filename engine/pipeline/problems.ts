/**
 * The numbered catalogue of pipeline problems (as React Flow numbers its errors): every
 * problem `tributary validate` or the editor shows has a code from here, a place and a message.
 */

export const PROBLEM_CODES = {
  TRB001: 'The file is not valid JSON.',
  TRB002: 'The document envelope does not match the pipeline format (version, name, nodes, edges).',
  TRB003: 'A node has a type that is not in the catalog (`tributary nodes` lists them).',
  TRB004: "A node was written by a newer version of its type than this build knows.",
  TRB005: "A node's config does not match its type's schema.",
  TRB006: 'Two nodes (or two edges) share an id.',
  TRB007: 'An edge names a node or port that does not exist.',
  TRB008: 'The graph has a cycle; pipelines are directed acyclic graphs.',
  TRB009: 'An input port has no edge, or more edges than it takes.',
  TRB010: 'An edge connects ports of incompatible kinds.',
  TRB011: "A node's code does not compile (TypeScript syntax or type-strip error).",
  TRB012: 'A code node has no code, or lacks a function its type needs.',
  TRB013: 'A keyed node has no key: give it one or put a keyBy directly before it.',
  TRB014: 'An aggregate or setting needs code the node does not have.',
  TRB015: 'Flink export refused: a node uses a construct Flink SQL cannot express (named with the reason); `tributary export --target flink` writes nothing.',
  TRB016: 'Flink export warning: the Flink job differs from the embedded engine only on late data (said again in the export\'s README); `--strict` refuses it.',
  TRB017: 'A credential given as `{ "env": NAME }` names an environment variable the launcher does not have.',
  TRB018: 'The studio refused a file path that leaves its workspace (e.g. `../outside.jsonl`); `tributary run` reads any path.',
  TRB019: 'An input name (an edge\'s `targetPort` into a node with named inputs) is not an identifier, or names two inputs.',
  TRB020: 'A SQL query does not compile: a syntax error, an unknown name, a type error, or a construct the sql node does not run (line:column inside the query).',
  TRB021: 'A node needs the schema of an input that has none: declare `schema` on the source (or CSV `columns`), or infer it from samples.',
  TRB022: 'An updating stream (a changelog with update or delete rows: a CDC source, a non-windowed aggregate) goes into a node that takes only append-only streams (windows, interval joins, patterns, append-only sinks), as Flink\'s planner refuses; both nodes are named.',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** One problem with its place: node id and field, or edge id, and for code a line:column. */
export interface Problem {
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the node's config (`watermarks.maxOutOfOrderness`) or the document. */
  field?: string;
  /** 1-based line and column inside the node's code (TRB011), its query (TRB020) or the file (TRB001). */
  line?: number;
  column?: number;
}

/** `node hourly, field size: must be greater than 0` — the one-line form the CLI prints. */
export function formatProblem(p: Problem): string {
  const place: string[] = [];
  if (p.nodeId !== undefined) place.push(`node ${p.nodeId}`);
  if (p.edgeId !== undefined) place.push(`edge ${p.edgeId}`);
  if (p.field !== undefined) place.push(`field ${p.field}`);
  const within = p.nodeId === undefined ? 'line' : p.field !== undefined && p.field !== 'code' ? p.field : 'code';
  if (p.line !== undefined) place.push(`${within} ${p.line}:${p.column ?? 1}`);
  return `${p.code} ${place.length > 0 ? place.join(', ') + ': ' : ''}${p.message}`;
}
