/**
 * The editor's `Input` type from the declared schema of a Parquet or Avro file source (the
 * host's `inferSchema` `columns`), exact where sample records can only guess (nulls, empty
 * arrays). No Monaco or Vite imports, so tests can use it under Node.
 */
/** The declared columns of a file source, as the host reports them (`inferSchema`'s `columns`). */
export interface DeclaredColumn {
  name: string;
  tsType: string;
  nullable: boolean;
}

/** What types one input port: sample records, or a declared object type. */
export type InputSample = Record<string, unknown>[] | { declared: string };

/** `{ name: type; … }` from declared columns (nullable ones `| null`). */
export function declaredInput(columns: readonly DeclaredColumn[]): { declared: string } {
  return { declared: `{ ${columns.map((c) => `${/^[A-Za-z_$][\w$]*$/.test(c.name) ? c.name : JSON.stringify(c.name)}: ${c.tsType}${c.nullable ? ' | null' : ''};`).join(' ')} }` };
}

