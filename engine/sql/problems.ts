/**
 * Problems in a SQL query, each placed at a line:column of the query text and naming the
 * construct it is about. Analysis collects every problem it can find (a bad select item does
 * not hide a bad WHERE); `SqlAbort` unwinds one clause or item after its problem is recorded.
 */

/** A place in the query text: character offsets `[start, end)` and the 1-based line:column of `start`. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/**
 * One problem: where (1-based line and column in the query), which construct (`syntax`,
 * `column`, `GROUP BY`, `regular join`, `CAST`, …) and what is wrong, with the windowed form to
 * use instead where there is one.
 */
export interface SqlProblem {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly construct: string;
  readonly message: string;
}

/** Thrown after a problem has been recorded, to abandon the current item or clause. */
export class SqlAbort extends Error {
  constructor() {
    super('SQL analysis aborted after a reported problem');
    this.name = 'SqlAbort';
  }
}

/** Collects problems in the order found; `fail` records one and throws `SqlAbort`. */
export class ProblemSink {
  readonly problems: SqlProblem[] = [];

  /** Records a problem at `span` and goes on. */
  report(span: Span | undefined, construct: string, message: string): void {
    this.problems.push({ line: span?.line ?? 1, column: span?.column ?? 1, construct, message });
  }

  /** Records a problem at `span` and throws `SqlAbort`. */
  fail(span: Span | undefined, construct: string, message: string): never {
    this.report(span, construct, message);
    throw new SqlAbort();
  }

  /** Runs `f`; a `SqlAbort` (problem already recorded) gives `undefined`, other errors propagate. */
  attempt<R>(f: () => R): R | undefined {
    try {
      return f();
    } catch (e) {
      if (e instanceof SqlAbort) return undefined;
      throw e;
    }
  }
}

/** `3:14 GROUP BY: …`, the one-line form for logs and test messages. */
export function formatSqlProblem(p: SqlProblem): string {
  return `${p.line}:${p.column} ${p.construct}: ${p.message}`;
}
