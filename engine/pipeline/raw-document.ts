/**
 * A pipeline document as parsed from JSON, before validation: what code that rewrites a
 * document for another run (a pipeline test, a Flink check) may rely on. Everything else in it
 * is kept as it is.
 */

/** A node as written in the file: `config` and `code` unchecked. */
export interface RawNode {
  id: string;
  type: string;
  position?: unknown;
  config?: Record<string, unknown>;
  code?: string;
  [k: string]: unknown;
}

/** An edge as written in the file (ports default to the nodes' first ports). */
export interface RawEdge {
  id: string;
  source: string;
  sourcePort?: string;
  target: string;
  targetPort?: string;
}

/** A pipeline document as parsed from JSON, before validation. */
export interface RawDocument {
  nodes?: RawNode[];
  edges?: RawEdge[];
  [k: string]: unknown;
}
